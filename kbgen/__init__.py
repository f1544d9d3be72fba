"""kbgen: Markdown articles and FAQ files in, a categorized static help center out."""

__version__ = "0.1.0"
