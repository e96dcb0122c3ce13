#!/usr/bin/env python
"""Kept for tools that expect it; operators use the ``minsheng`` command."""

from minsheng.cli import main

if __name__ == "__main__":
    main()
