"""One module per log family. Each offers ``LineParser``, ``parse_line``, ``format_line`` and
``sniff``; a family with a vectorised Arrow path has a sibling ``<family>_arrow`` module."""
