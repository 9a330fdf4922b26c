"""csvinspect: an offline viewer and inspector for LLM API gateway exports."""

__version__ = "0.1.0"
