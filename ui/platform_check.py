"""Before Qt starts: can its platform plugin load on this machine, and if not, why.

When a system library of Qt's xcb plugin is missing, Qt prints a guess ("xcb-cursor0 or
libxcb-cursor0 is needed", whatever is actually missing) and aborts the process. So
`kiosk run` asks the dynamic linker first (ldd on the plugin), and names the Debian
packages to install. No Qt is loaded here.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Library (soname) -> Debian package, for every library that Qt's xcb platform plugin and
# the Qt modules the kiosk uses load from the system. Debian 12 names; where Debian 13 and
# Ubuntu 24.04 renamed a package (64-bit time), the newer name comes first and the first
# one apt knows is used. tests/ui/test_platform_check.py checks this table against dpkg.
PACKAGES: dict[str, tuple[str, ...]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0",),
    "libxcb-icccm.so.4": ("libxcb-icccm4",),
    "libxcb-image.so.0": ("libxcb-image0",),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1",),
    "libxcb-randr.so.0": ("libxcb-randr0",),
    "libxcb-render-util.so.0": ("libxcb-render-util0",),
    "libxcb-render.so.0": ("libxcb-render0",),
    "libxcb-shape.so.0": ("libxcb-shape0",),
    "libxcb-shm.so.0": ("libxcb-shm0",),
    "libxcb-sync.so.1": ("libxcb-sync1",),
    "libxcb-util.so.1": ("libxcb-util1",),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0",),
    "libxcb-xkb.so.1": ("libxcb-xkb1",),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0",),
    "libxcb-xinput.so.0": ("libxcb-xinput0",),
    "libxcb-glx.so.0": ("libxcb-glx0",),
    "libxcb-dri3.so.0": ("libxcb-dri3-0",),
    "libxcb-present.so.0": ("libxcb-present0",),
    "libxcb.so.1": ("libxcb1",),
    "libX11-xcb.so.1": ("libx11-xcb1",),
    "libX11.so.6": ("libx11-6",),
    "libXau.so.6": ("libxau6",),
    "libXdmcp.so.6": ("libxdmcp6",),
    "libXext.so.6": ("libxext6",),
    "libXrender.so.1": ("libxrender1",),
    "libSM.so.6": ("libsm6",),
    "libICE.so.6": ("libice6",),
    "libxkbcommon.so.0": ("libxkbcommon0",),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0",),
    "libGL.so.1": ("libgl1",),
    "libEGL.so.1": ("libegl1",),
    "libOpenGL.so.0": ("libopengl0",),
    "libGLX.so.0": ("libglx0",),
    "libGLdispatch.so.0": ("libglvnd0",),
    "libfontconfig.so.1": ("libfontconfig1",),
    "libfreetype.so.6": ("libfreetype6",),
    "libpng16.so.16": ("libpng16-16t64", "libpng16-16"),
    "libharfbuzz.so.0": ("libharfbuzz0b",),
    "libglib-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libgobject-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libdbus-1.so.3": ("libdbus-1-3",),
    "libexpat.so.1": ("libexpat1",),
    "libpcre2-8.so.0": ("libpcre2-8-0",),
    "libbrotlidec.so.1": ("libbrotli1",),
    "libbrotlicommon.so.1": ("libbrotli1",),
    "libbsd.so.0": ("libbsd0",),
    "libmd.so.0": ("libmd0",),
    "libsystemd.so.0": ("libsystemd0",),
    "libcap.so.2": ("libcap2",),
    "libgcrypt.so.20": ("libgcrypt20",),
    "libgpg-error.so.0": ("libgpg-error0",),
    "liblzma.so.5": ("liblzma5",),
    "liblz4.so.1": ("liblz4-1",),
    "libzstd.so.1": ("libzstd1",),
    "libz.so.1": ("zlib1g",),
    "libstdc++.so.6": ("libstdc++6",),
    "libgcc_s.so.1": ("libgcc-s1",),
    "libc.so.6": ("libc6",), "libm.so.6": ("libc6",), "libdl.so.2": ("libc6",),
    "libpthread.so.0": ("libc6",), "librt.so.1": ("libc6",),
}

NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.M)


def qt_platforms(env: dict[str, str]) -> list[str]:
    """The platform plugins Qt will try on Linux, in order ("xcb", "wayland", ...)."""
    if not sys.platform.startswith("linux"):
        return []
    chosen = [p.split(":")[0].strip() for p in env.get("QT_QPA_PLATFORM", "").split(";")]
    if any(chosen):
        return [p for p in chosen if p]
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_path(platform: str) -> Path | None:
    """PySide6's plugin file for `platform`, without loading Qt; None if not found."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
        if path.is_file():
            return path
    return None


def missing_libraries(library: Path) -> list[str]:
    """Sonames the dynamic linker cannot find for `library` (its whole dependency tree)."""
    if shutil.which("ldd"):
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                             timeout=30, check=False)
        return sorted(set(NOT_FOUND.findall(out.stdout + out.stderr)))
    try:                                  # no ldd (not glibc): the first missing one only
        ctypes.CDLL(str(library), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        name = re.match(r"(\S+?): cannot open shared object", str(exc))
        return [name.group(1)] if name else [str(exc)]
    return []


def debian_packages(sonames: list[str]) -> tuple[list[str], list[str]]:
    """(packages to install, sonames no package is known for)."""
    packages, unknown = [], []
    for soname in sonames:
        choices = PACKAGES.get(soname)
        if not choices:
            unknown.append(soname)
            continue
        package = next((p for p in choices if _apt_knows(p)), choices[-1]) \
            if len(choices) > 1 else choices[0]
        if package not in packages:
            packages.append(package)
    return packages, unknown


def _apt_knows(package: str) -> bool:
    if not shutil.which("apt-cache"):
        return False
    out = subprocess.run(["apt-cache", "show", "--no-all-versions", package],
                         capture_output=True, text=True, timeout=30, check=False)
    return out.returncode == 0 and "Package:" in out.stdout


def screen_problem(env: dict[str, str] | None = None) -> str | None:
    """Why the kiosk's window cannot open here, with what to do; None when it can.

    On Linux: for each platform plugin Qt would try (xcb, or Wayland first in a Wayland
    session), is there a display, and are the plugin's system libraries installed? None
    as soon as one of them can start, and for platforms this does not know (offscreen).
    """
    env = dict(os.environ if env is None else env)
    problems = []
    for platform in qt_platforms(env):
        if platform not in ("xcb", "wayland"):
            return None
        problem = _plugin_problem(platform, env)
        if problem is None:
            return None
        problems.append(problem)
    return problems[-1] if problems else None


def _plugin_problem(platform: str, env: dict[str, str]) -> str | None:
    if platform == "xcb" and not env.get("DISPLAY"):
        return ("There is no screen to show the kiosk on (DISPLAY is not set). Start it from "
                "the kiosk's desktop session, or set QT_QPA_PLATFORM=offscreen on a machine "
                "without a screen.")
    if platform == "wayland" and not env.get("WAYLAND_DISPLAY"):
        return "There is no Wayland display to show the kiosk on (WAYLAND_DISPLAY is not set)."
    plugin = plugin_path(platform)
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages, unknown = debian_packages(missing)
    lines = [f"The kiosk's screen cannot start: Qt's {platform} platform needs system "
             f"libraries that are not installed: {', '.join(missing)}."]
    if packages:
        lines.append("Install them (Debian, Ubuntu) and start the kiosk again:")
        lines.append(f"    sudo apt-get install {' '.join(packages)}")
    if unknown:
        lines.append(f"Find the package of {', '.join(unknown)} with: apt-file search NAME")
    return "\n".join(lines)
