"""csvinspect: an offline viewer and inspector for LLM API gateway exports."""

from importlib import metadata

from csvinspect import allocation

allocation.configure()  # before any module imports numpy or pyarrow

__version__ = "0.1.0"


def installed_version() -> str:
    """The version pip installed (from pyproject.toml); ``__version__`` in a bare source tree.

    Shown by Help > About and ``csvinspect --version`` (issue 9: About showed no version).
    """
    try:
        return metadata.version("csvinspect")
    except metadata.PackageNotFoundError:
        return __version__
