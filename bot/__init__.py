"""SetCall: a discord.py bot that runs the working day on a fast film set."""

__version__ = "0.1.0"
