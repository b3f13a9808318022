"""deinfluence_detect: find hidden paid promotion in captions and transcripts.

    import deinfluence_detect as dd
    det = dd.Detector()
    rep = det.analyze("Use code MAYA15 for 15% off!", platform="instagram")
"""
from .detector import PLATFORMS, Detector, analyze, analyze_many
from .errors import ConfigError, DeinfluenceError, InputError, PackError
from .match.resolver import LinkResolver
from .transcripts import Segment, Transcript, Video
from .models import Citation, DisclosureLevel, Finding, Report, Severity, Signal, json_schemas

__version__ = "0.1.0"
__all__ = [
    "Detector", "analyze", "analyze_many", "PLATFORMS", "LinkResolver", "Transcript", "Segment", "Video",
    "Report", "Signal", "Finding", "Citation", "Severity", "DisclosureLevel", "json_schemas",
    "DeinfluenceError", "PackError", "InputError", "ConfigError",
]
