import logging

from bot.runner import _RedactToken


def test_token_never_reaches_the_log(caplog):
    token = "MTIz.secret.token"
    logger = logging.getLogger("setcall.test")
    caplog.handler.addFilter(_RedactToken(token))
    with caplog.at_level(logging.INFO):
        logger.info("connecting with %s", token)
    assert token not in caplog.text and "[token]" in caplog.text
