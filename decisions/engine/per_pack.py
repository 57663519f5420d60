"""Data derived from a loaded pack, computed once and kept exactly as long as the pack.

KnowledgePack compares and hashes by identity, so derived tables can be cached per pack; an
lru_cache would keep up to its size of packs (each thousands of objects) alive after the
caller dropped them, and every live object makes Python's garbage collector slower. Here the
cache entry dies with its pack (a WeakKeyDictionary)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from archdecide.knowledge.pack import KnowledgePack

T = TypeVar("T")


def per_pack(compute: Callable[[KnowledgePack], T]) -> Callable[[KnowledgePack], T]:
    """Decorate `compute(pack)` to run once per live pack."""
    cache: weakref.WeakKeyDictionary[KnowledgePack, T] = weakref.WeakKeyDictionary()

    @wraps(compute)
    def cached(pack: KnowledgePack) -> T:
        try:
            return cache[pack]
        except KeyError:
            value = cache[pack] = compute(pack)
            return value

    return cached
