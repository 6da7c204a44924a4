"""Turning a video's public address into a privacy-friendly embed address.

Nothing is fetched from the video host when a page is saved or shown: the
page shows a button, and only a click loads the host's player (YouTube's
no-cookie domain, Vimeo with do-not-track).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext_lazy as _

_ID = re.compile(r"^[A-Za-z0-9_-]{5,32}$")


@dataclass(frozen=True)
class Video:
    provider: str
    provider_label: str
    video_id: str
    embed_url: str
    watch_url: str


def parse(url):
    """A Video for a YouTube, Vimeo or Dailymotion address, or None."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live"):
            video_id = path[1]
        if video_id and _ID.match(video_id):
            return Video(
                "youtube",
                "YouTube",
                video_id,
                f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
                f"https://www.youtube.com/watch?v={video_id}",
            )
    elif host == "youtu.be" and path:
        video_id = path[0]
        if _ID.match(video_id):
            return parse(f"https://www.youtube.com/watch?v={video_id}")
    elif host in ("vimeo.com", "player.vimeo.com"):
        digits = [segment for segment in path if segment.isdigit()]
        if digits:
            video_id = digits[0]
            return Video(
                "vimeo",
                "Vimeo",
                video_id,
                f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1",
                f"https://vimeo.com/{video_id}",
            )
    elif host in ("dailymotion.com", "dai.ly"):
        if host == "dai.ly" and path:
            video_id = path[0]
        elif len(path) >= 2 and path[0] in ("video", "embed"):
            video_id = path[-1].split("_")[0]
        if video_id and _ID.match(video_id):
            return Video(
                "dailymotion",
                "Dailymotion",
                video_id,
                f"https://www.dailymotion.com/embed/video/{video_id}?autoplay=1",
                f"https://www.dailymotion.com/video/{video_id}",
            )
    return None


SUPPORTED_HELP = _("A YouTube, Vimeo or Dailymotion address.")
