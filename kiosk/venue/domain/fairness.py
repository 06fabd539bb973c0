"""Checkable randomness: seeded permutations and entry-list hashes.

The shuffle of a queue's early arrivals (and, later, a draw) is a Fisher-Yates shuffle driven
by SHA-256 in counter mode, so anyone holding the published record (entry list hash, seed,
algorithm) can replay it byte for byte with `replay_permutation`, on any Python version.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

ALGORITHM = "fisher-yates/sha256-ctr/v1"


def entries_hash(entry_ids: Iterable[str]) -> str:
    """SHA-256 over the entry ids in their recorded order, one per line."""
    digest = hashlib.sha256()
    for entry_id in entry_ids:
        digest.update(entry_id.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def new_seed() -> str:
    return secrets.token_hex(32)


def sha256_words(seed: str) -> Iterator[int]:
    """The stream of 64-bit words: SHA-256(seed || 8-byte big-endian counter), each digest
    read as four big-endian words in order."""
    seed_bytes = bytes.fromhex(seed)
    sha256 = hashlib.sha256
    counter = struct.Struct(">Q").pack
    words = struct.Struct(">4Q").unpack
    for block in itertools.count():
        yield from words(sha256(seed_bytes + counter(block)).digest())


def permute(count: int, next_word: Callable[[], int]) -> list[int]:
    """Fisher-Yates over `count` places, each swap index drawn below its bound by rejection
    sampling (unbiased): a word is taken modulo the bound unless it falls in the top
    2**64 % bound values, which are skipped."""
    order = list(range(count))
    span = 1 << 64
    # Below `safe` a word is accepted for every bound <= count: it saves a modulo per place.
    safe = span - count
    for i in range(count - 1, 0, -1):
        bound = i + 1
        word = next_word()
        if word >= safe:
            limit = span - span % bound
            while word >= limit:
                word = next_word()
        j = word % bound
        order[i], order[j] = order[j], order[i]
    return order


def seeded_permutation(seed: str, count: int) -> list[int]:
    """The order in which `count` entries are placed: a list of their original indexes."""
    return permute(count, sha256_words(seed).__next__)


@dataclass(frozen=True)
class ShuffleRecord:
    """What is published so a shuffle can be replayed."""

    entries_hash: str
    seed: str
    count: int
    algorithm: str = ALGORITHM

    def to_doc(self) -> dict[str, object]:
        return {
            "entriesHash": self.entries_hash,
            "seed": self.seed,
            "count": self.count,
            "algorithm": self.algorithm,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, object]) -> ShuffleRecord:
        return cls(
            entries_hash=str(doc["entriesHash"]),
            seed=str(doc["seed"]),
            count=int(str(doc["count"])),
            algorithm=str(doc.get("algorithm", ALGORITHM)),
        )


def replay_permutation(record: ShuffleRecord, entry_ids: list[str]) -> list[str]:
    """The entry ids in shuffled order; raises ValueError if the list does not match."""
    if record.algorithm != ALGORITHM:
        raise ValueError(f"unknown algorithm {record.algorithm!r}")
    if len(entry_ids) != record.count or entries_hash(entry_ids) != record.entries_hash:
        raise ValueError("the entry list does not match the recorded hash")
    return [entry_ids[i] for i in seeded_permutation(record.seed, record.count)]
