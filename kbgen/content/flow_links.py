"""A troubleshooter's links, once every article's URL is known: each step's Markdown filled with
its resolved links, and each answer given the address it leads to.

An answer's `href`: `#step` for another step (the page shows the step its address names, with
or without JavaScript), `#contact` for the contact path (a panel of the flow's page), or the
article's URL. An `article` that this build does not publish is warned of as a broken link is.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..errors import Reporter
from ..model import Flow, FlowAnswer
from ..urls import href
from .deps import id_dep
from .links import LinkResolver
from .markers import fill

CONTACT_ANCHOR = "contact"
SOLVED_ANCHOR = "solved"


def link_flow(flow: Flow, source: Path, hrefs: tuple[str, ...], resolver: LinkResolver, reporter: Reporter) -> Flow:
    steps = []
    for step in flow.steps:
        answers = tuple(_linked(a, source, resolver, reporter) for a in step.answers)
        steps.append(dataclasses.replace(step, html=fill(step.html, hrefs), answers=answers))
    return dataclasses.replace(flow, steps=tuple(steps))


def _linked(answer: FlowAnswer, source: Path, resolver: LinkResolver, reporter: Reporter) -> FlowAnswer:
    if answer.next:
        return dataclasses.replace(answer, href="#" + answer.next)
    if answer.contact:
        return dataclasses.replace(answer, href="#" + CONTACT_ANCHOR)
    article_id, _, anchor = (answer.article or "").partition("#")
    resolver.looked_at.setdefault(source, set()).add(id_dep(article_id))
    found = resolver.target_of_id(article_id)
    if found is None:
        reason = resolver.left_out_reason(article_id)
        if reason:
            reporter.warning("broken-link", f"answer '{answer.label}' leads to {reason}, which this build leaves out", source,
                             answer.line, answer.column, hint="lead it to a public article instead, or build with --drafts / --internal")
        else:
            reporter.warning("broken-link", f"answer '{answer.label}' leads to no article '{article_id}'", source,
                             answer.line, answer.column, hint=resolver.suggest_id(article_id))
        return dataclasses.replace(answer, href="#" + CONTACT_ANCHOR)  # the reader still gets somewhere that helps
    if anchor and anchor not in found.anchors:
        reporter.warning("broken-anchor", f"answer '{answer.label}': no heading '#{anchor}' in '{article_id}'", source,
                         answer.line, answer.column)
    fragment = f"#{anchor}" if anchor else ""
    return dataclasses.replace(answer, href=href(resolver.base_path, found.url) + fragment, url=found.url + fragment)
