"""The Porter stemmer exactly as lunr.js 2.3.9 applies it in the browser.

lunr.py's stemmer is not usable here: it follows the original paper's step 1c (any stem with a
vowel turns a final y into i: `money` -> `monei`, `day` -> `dai`), while lunr.js only does so
after a consonant (`money`, `day` stay). A query stemmed in the browser would then miss the
terms stemmed at build time. This module is written from the algorithm as lunr.js runs it,
including JavaScript's view of strings as UTF-16 code units; tests compare it with lunr.js
over the whole vocabulary of the sample site.
"""
from __future__ import annotations

import re

_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_S_V = re.compile(f"^({_C})?{_v}")

_1A_SSES_IES = re.compile(r"^(.+?)(ss|i)es$")
_1A_S = re.compile(r"^(.+?)([^s])s$")
_1B_EED = re.compile(r"^(.+?)eed$")
_1B_ED_ING = re.compile(r"^(.+?)(ed|ing)$")
_1B_AT_BL_IZ = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile(r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness"
                r"|fulness|ousness|aliti|iviti|biliti|logi)$")
_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4_ION = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5_LL = re.compile(r"ll$")

_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate", "ator": "ate",
          "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive",
          "biliti": "ble", "logi": "log"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}


def stem(word: str) -> str:
    if any(ord(ch) > 0xFFFF for ch in word):
        # JavaScript regular expressions without the u flag see surrogate pairs as two characters.
        units = word.encode("utf-16-le", "surrogatepass")
        split = "".join(chr(int.from_bytes(units[i:i + 2], "little")) for i in range(0, len(units), 2))
        return _stem_units(split).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    return _stem_units(word)


def _stem_units(w: str) -> str:
    if len(w) < 3:
        return w
    first = w[0]
    if first == "y":
        w = "Y" + w[1:]

    m = _1A_SSES_IES.match(w)
    if m:
        w = m.group(1) + m.group(2)
    else:
        m = _1A_S.match(w)
        if m:
            w = m.group(1) + m.group(2)

    m = _1B_EED.match(w)
    if m:
        if _MGR0.match(m.group(1)):
            w = w[:-1]
    else:
        m = _1B_ED_ING.match(w)
        if m and _S_V.match(m.group(1)):
            w = m.group(1)
            if _1B_AT_BL_IZ.search(w):
                w += "e"
            elif _1B_DOUBLE.search(w):
                w = w[:-1]
            elif _CVC.match(w):
                w += "e"

    m = _1C.match(w)
    if m:
        w = m.group(1) + "i"

    m = _2.match(w)
    if m and _MGR0.match(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]

    m = _3.match(w)
    if m and _MGR0.match(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    m = _4.match(w)
    if m:
        if _MGR1.match(m.group(1)):
            w = m.group(1)
    else:
        m = _4_ION.match(w)
        if m and _MGR1.match(m.group(1) + m.group(2)):
            w = m.group(1) + m.group(2)

    m = _5.match(w)
    if m:
        base = m.group(1)
        if _MGR1.match(base) or (_MEQ1.match(base) and not _CVC.match(base)):
            w = base
    if _5_LL.search(w) and _MGR1.match(w):
        w = w[:-1]

    if first == "y":
        w = "y" + w[1:]
    return w
