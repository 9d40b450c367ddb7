"""The producer's daily report (制片日报) and the rest guard, Discord-free: what a report is computed
from (:mod:`.facts`), its outbox kinds (:mod:`.kinds`) and the service (:mod:`.service`)."""
