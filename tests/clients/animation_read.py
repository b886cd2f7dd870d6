"""Read mesograph's animations (GIF, APNG) with Pillow, as a viewer would.

Usage: animation_read.py FILE...  Prints one JSON object: for each file, the format Pillow
recognised, whether it is animated, its size, how many times it loops (0: for ever), and each
frame's duration in milliseconds and the SHA-256 of its pixels as RGB, so that the Rust test can
compare them with the frames asked for and with the still pictures. Fails loudly when Pillow
cannot read a file.
"""

import hashlib
import json
import sys

from PIL import Image


def read(path):
    with Image.open(path) as image:
        info = {
            "format": image.format,
            "animated": bool(getattr(image, "is_animated", False)),
            "size": list(image.size),
            "loop": image.info.get("loop"),
            "frames": [],
        }
        for n in range(getattr(image, "n_frames", 1)):
            image.seek(n)
            pixels = image.convert("RGB").tobytes()
            info["frames"].append(
                {
                    "duration": image.info.get("duration"),
                    "sha256": hashlib.sha256(pixels).hexdigest(),
                }
            )
        return info


if __name__ == "__main__":
    print(json.dumps({path: read(path) for path in sys.argv[1:]}))
