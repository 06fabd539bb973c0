"""Checkable randomness: seeded permutations and entry-list hashes.

The shuffle of a queue's early arrivals (and, later, a draw) is a Fisher-Yates shuffle driven
by SHA-256 in counter mode, so anyone holding the published record (entry list hash, seed,
algorithm) can replay it byte for byte with `replay_permutation`, on any Python version.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
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


class _Sha256Stream:
    """Unbiased integers below a bound, from SHA-256(seed || counter)."""

    def __init__(self, seed: str) -> None:
        self._seed = bytes.fromhex(seed)
        self._counter = 0
        self._words: list[int] = []

    def _word(self) -> int:
        if not self._words:
            block = hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
            self._words = [int.from_bytes(block[i : i + 8], "big") for i in range(24, -1, -8)]
        return self._words.pop()

    def below(self, bound: int) -> int:
        # Rejection sampling keeps every value equally likely.
        limit = (1 << 64) - ((1 << 64) % bound)
        while True:
            word = self._word()
            if word < limit:
                return word % bound


def seeded_permutation(seed: str, count: int) -> list[int]:
    """The order in which `count` entries are placed: a list of their original indexes."""
    order = list(range(count))
    stream = _Sha256Stream(seed)
    for i in range(count - 1, 0, -1):
        j = stream.below(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


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
