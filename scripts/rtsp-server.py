#!/usr/bin/python3
"""A local RTSP server for trying `retinaface video rtsp://...`: serves a video file, re-encoded to H.264 (x264,
zero latency) at its own frame rate, on rtsp://127.0.0.1:PORT/NAME, with GStreamer's RTSP server (Debian:
gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-{base,good,bad,ugly}, gstreamer1.0-libav).

Usage: rtsp-server.py FILE [PORT] [NAME]   (default 8554, "clip"); runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    port = sys.argv[2] if len(sys.argv) > 2 else "8554"
    name = sys.argv[3] if len(sys.argv) > 3 else "clip"
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        f'( filesrc location="{path}" ! decodebin ! videoconvert ! video/x-raw,format=I420 '
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph264pay name=pay0 pt=96 )")
    factory.set_shared(False)
    server.get_mount_points().add_factory("/" + name, factory)
    server.attach(None)
    print(f"serving {path} on rtsp://127.0.0.1:{port}/{name}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
