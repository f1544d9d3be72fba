"""'Did you mean' for large sets (article ids, headings), at a bounded cost per question.

A help center imported from another tool starts with tens of thousands of links to articles
that are not there; comparing each with every id (difflib over 10,000 names) made the build
minutes long. `Suggester` answers from indexes instead, and each answer is remembered:

1. the same name in another case (`Billing/Refunds` for `billing/refunds`);
2. the same last segment in another folder (a link with one `../` too many or too few);
3. the closest name in the same folder (last segments compared, so the shared folder does not
   make every sibling look close), among the names within `LENGTH_SLACK` characters of its
   length (at most `NEAREST` of them), scored by rapidfuzz's normalised Indel
   similarity (2 x common characters / total, what difflib's ratio approximates) in C++: a few
   microseconds a question.

The answers are deterministic: the same ids and the same question always give the same hint.
"""
from __future__ import annotations

import bisect
import os
from collections import defaultdict
from typing import Iterable

from rapidfuzz import fuzz, process

LENGTH_SLACK = 3  # a typo rarely adds or drops more letters than this
NEAREST = 2048  # at most this many names are compared (0.1 ms with rapidfuzz)
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
        self._lasts = {folder: [n.rpartition("/")[2] for n in members] for folder, members in self._folders.items()}
        self._lengths = {folder: [len(last) for last in lasts] for folder, lasts in self._lasts.items()}
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
            return max(same_last, key=lambda n: (fuzz.ratio(wanted, n), n))
        return self._nearest_in(folder, last)

    def _nearest_in(self, folder: str, last: str) -> str | None:
        members = self._folders.get(folder)
        if not members:
            return None
        lengths = self._lengths[folder]
        start = bisect.bisect_left(lengths, len(last) - LENGTH_SLACK)
        end = bisect.bisect_right(lengths, len(last) + LENGTH_SLACK)
        if end - start > NEAREST:  # keep the names whose length is nearest
            middle = bisect.bisect_left(lengths, len(last), start, end)
            start = max(start, min(middle - NEAREST // 2, end - NEAREST))
            end = start + NEAREST
        lasts = self._lasts[folder][start:end]
        found = process.extract(last, lasts, scorer=fuzz.ratio, score_cutoff=self.cutoff * 100, limit=None)
        found = [match for match in found if match[0] != last]
        if not found:
            return None
        # Ties go to the longer shared start (`article-00` -> `article-000`, not `article-030`), then
        # to the first name in sorted order.
        top = max(match[1] for match in found)
        best = min((match for match in found if match[1] == top),
                   key=lambda match: (-len(os.path.commonprefix([match[0], last])), match[0]))
        return members[start + best[2]]
