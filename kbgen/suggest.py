"""'Did you mean' for large sets (article ids, headings), at a bounded cost per question.

A help center imported from another tool starts with tens of thousands of links to articles
that are not there; comparing each with every id (difflib over 10,000 names) made the build
minutes long. `Suggester` answers from indexes instead, and each answer is remembered:

1. the same name in another case (`Billing/Refunds` for `billing/refunds`);
2. the same last segment in another folder (a link with one `../` too many or too few);
3. the closest name in the same folder (last segments compared, so the shared folder does not
   make every sibling look close), among at most `NEAREST` names of about the same length (a
   typo rarely changes a name's length by much).

The answers are deterministic: the same ids and the same question always give the same hint.
"""
from __future__ import annotations

import bisect
import difflib
import os
from collections import defaultdict
from typing import Iterable

NEAREST = 64
CUTOFF = 0.75  # for ids; a page's own headings are few, and a looser match still helps there


class Suggester:
    def __init__(self, choices: Iterable[str], cutoff: float = CUTOFF):
        self.cutoff = cutoff
        names = sorted(set(choices))
        self._folded: dict[str, str] = {}
        self._by_last: dict[str, list[str]] = defaultdict(list)
        by_folder: dict[str, list[str]] = defaultdict(list)
        for name in names:
            self._folded.setdefault(name.casefold(), name)
            folder, _, last = name.rpartition("/")
            self._by_last[last.casefold()].append(name)
            by_folder[folder].append(name)
        # Per folder, names sorted by length, so the ones of about a given length are a slice.
        self._folders = {folder: sorted(members, key=lambda n: (len(n.rpartition("/")[2]), n)) for folder, members in by_folder.items()}
        self._lengths = {folder: [len(n.rpartition("/")[2]) for n in members] for folder, members in self._folders.items()}
        self._memo: dict[str, str | None] = {}

    def closest(self, wanted: str) -> str | None:
        if wanted not in self._memo:
            self._memo[wanted] = self._closest(wanted)
        return self._memo[wanted]

    def hint(self, wanted: str) -> str | None:
        found = self.closest(wanted)
        return f"did you mean '{found}'?" if found else None

    def _closest(self, wanted: str) -> str | None:
        folded = self._folded.get(wanted.casefold())
        if folded is not None and folded != wanted:
            return folded
        folder, _, last = wanted.rpartition("/")
        same_last = [n for n in self._by_last.get(last.casefold(), ()) if n != wanted]
        if same_last:
            return max(same_last, key=lambda n: (difflib.SequenceMatcher(None, wanted, n).ratio(), n))
        return self._nearest_in(folder, last)

    def _nearest_in(self, folder: str, last: str) -> str | None:
        members = self._folders.get(folder)
        if not members:
            return None
        middle = bisect.bisect_left(self._lengths[folder], len(last))
        window = {name.rpartition("/")[2]: name for name in members[max(0, middle - NEAREST // 2): middle + NEAREST // 2]}
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(last)
        best, best_key = None, None
        for candidate in window:  # difflib's own filters first; ties go to the longer shared start
            matcher.set_seq1(candidate)
            if candidate == last or matcher.real_quick_ratio() < self.cutoff or matcher.quick_ratio() < self.cutoff:
                continue
            ratio = matcher.ratio()
            key = (ratio, len(os.path.commonprefix([candidate, last])))
            if ratio >= self.cutoff and (best_key is None or key > best_key):
                best, best_key = candidate, key
        return window[best] if best is not None else None
