"""Placeholder: `clustermon score` is being written."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("score")
