"""Placeholder: `clustermon scheme` is being written."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("scheme")
