"""Troubleshooters (`*.flow.yaml`) built into a site: the page, its category listing, kb.json,
the sitemap, search, links into and out of a flow, drafts, and a translated flow."""
from __future__ import annotations

import json

import pytest

from kbgen.build import BuildOptions, build
from kbgen.errors import Reporter
from tests.conftest import REPO, run_cli
from tests.htmlpage import page, text
from tests.search.nodejs import site_queries

FLOW = """title: My backup won't start
description: Find out in a few questions why a backup does not start.
start: app-running
tags: [backups]
steps:
  app-running:
    question: Is the Acme Backup app running on this computer?
    text: Look for the Acme icon in the [menu bar](../basics/menu-bar.md).
    answers:
      - label: Yes, it is running
        next: signed-in
      - label: No, I can't find it
        next: start-app
  signed-in:
    question: Does the app show that you are signed in?
    answers:
      - label: "Yes"
        contact: true
      - label: No, it asks for my password
        article: account/reset-password#forgot
  start-app:
    solution: |
      Start **Acme Backup** from your Applications folder.
      If it closes at once, [reinstall it](../basics/missing.md).
"""


@pytest.fixture
def project(write_project):
    return write_project({
        "kbgen.yaml": "site:\n  title: Acme Help\n  url: https://help.acme.test/\ncontact:\n  url: https://acme.test/support\n",
        "content/backups/backup-wont-start.flow.yaml": FLOW,
        "content/backups/restore.md": "# Restore a backup\n\nSee [the troubleshooter](backup-wont-start.flow.yaml#signed-in).\n",
        "content/basics/menu-bar.md": "# The menu bar\n\nIcons at the top of the screen.\n",
        "content/account/reset-password.md": "# Reset your password\n\n## Forgot\n\nUse the link on the sign-in page.\n",
    })


def built(project, *args):
    result = run_cli("build", ".", "-o", project / "site", *args, cwd=project)
    return result, project / "site"


def test_the_page_shows_steps_as_addressable_sections_with_answers_as_links(project):
    result, site = built(project)
    assert result.exit_code == 0, result.stderr
    assert "and 1 troubleshooter" in result.stdout
    doc = page(site, "/backups/backup-wont-start/")
    steps = doc.select(".flow-step")
    assert [s["id"] for s in steps] == ["signed-in", "start-app", "solved", "contact", "app-running"]  # the start last
    start = doc.select_one("#app-running")
    assert "flow-start" in start["class"]
    assert text(start.h2) == "Is the Acme Backup app running on this computer?"
    assert start.select_one(".prose a")["href"] == "/basics/menu-bar/"
    assert [(a["href"], text(a)) for a in start.select(".flow-answer")] == [
        ("#signed-in", "Yes, it is running"), ("#start-app", "No, I can't find it")]
    signed_in = doc.select_one("#signed-in")
    assert [a["href"] for a in signed_in.select(".flow-answer")] == ["#contact", "/account/reset-password/#forgot"]
    solution = doc.select_one("#start-app")
    assert "Did this solve your problem?" in text(solution)
    assert [a["href"] for a in solution.select(".flow-outcome a")] == ["#solved", "#contact"]
    assert doc.select_one("#contact a.button")["href"] == "https://acme.test/support"
    assert doc.select_one("#signed-in .flow-restart")["href"] == "#app-running"
    # A link from an article to the flow file, and to one of its steps, resolves.
    assert page(site, "/backups/restore/").select_one(".prose a")["href"] == "/backups/backup-wont-start/#signed-in"


def test_a_broken_link_in_a_solution_is_reported_at_its_file_line(project):
    result, _ = built(project)
    assert "content/backups/backup-wont-start.flow.yaml:24:44: warning[broken-link]: no article 'basics/missing'" in result.stderr


def test_listed_in_its_category_with_its_own_icon_in_kb_json_and_the_sitemap(project):
    _, site = built(project)
    listing = page(site, "/backups/")
    link = next(a for a in listing.select(".article-list a") if "backup-wont-start" in a["href"])
    assert link.select_one("svg.flow-icon") is not None and "Troubleshooter:" in text(link)
    assert "backup-wont-start" in (site / "sitemap.xml").read_text()
    items = json.loads((site / "kb.json").read_text())["items"]
    flow = next(i for i in items if i["id"] == "backups/backup-wont-start")
    assert flow["type"] == "flow" and flow["flow"]["start"] == "app-running"
    steps = {s["id"]: s for s in flow["flow"]["steps"]}
    assert steps["signed-in"]["answers"] == [
        {"label": "Yes", "contact": True},
        {"label": "No, it asks for my password", "article": "account/reset-password",
         "url": "https://help.acme.test/account/reset-password/#forgot"}]
    assert steps["app-running"]["answers"][0] == {"label": "Yes, it is running", "next": "signed-in"}
    assert steps["start-app"]["solution"].startswith("Start Acme Backup from your Applications folder.")
    assert steps["start-app"]["url"] == "https://help.acme.test/backups/backup-wont-start/#start-app"


def test_search_finds_the_flow_its_questions_and_each_solution_at_its_step(project):
    _, site = built(project)
    found = site_queries(site, ["backup won't start", "Applications folder", "signed in"], limit=3)
    assert found[0]["urls"][0] == "/backups/backup-wont-start/"
    assert "/backups/backup-wont-start/#start-app" in found[1]["urls"]
    assert "/backups/backup-wont-start/#signed-in" in found[2]["urls"]


def test_an_answer_to_a_draft_is_warned_of_and_leads_to_the_contact_path(project):
    reset = project / "content" / "account" / "reset-password.md"
    reset.write_text("---\ndraft: true\n---\n" + reset.read_text())
    result, site = built(project)
    assert ("content/backups/backup-wont-start.flow.yaml:20:18: warning[broken-link]: answer 'No, it asks for my password' "
            "leads to draft article 'account/reset-password', which this build leaves out") in result.stderr
    assert page(site, "/backups/backup-wont-start/").select(".flow-answer")[1]["href"] == "#contact"
    result, site = built(project, "--drafts")
    assert page(site, "/backups/backup-wont-start/").select("#signed-in .flow-answer")[1]["href"] == "/account/reset-password/#forgot"


def test_a_draft_flow_is_left_out(project):
    flow = project / "content" / "backups" / "backup-wont-start.flow.yaml"
    flow.write_text("draft: true\n" + flow.read_text())
    result, site = built(project)
    assert result.exit_code == 0
    assert not (site / "backups" / "backup-wont-start").exists()
    assert "leads to draft article" not in result.stderr
    assert "links to draft article 'backups/backup-wont-start'" in result.stderr  # restore.md's link


def test_a_flow_is_translated_like_an_article(write_project):
    project = write_project({
        "kbgen.yaml": "site:\n  title: Acme\n  url: https://help.acme.test/\nlanguages: [en, es]\n",
        "content/en/backups/backup-wont-start.flow.yaml": FLOW.replace("[menu bar](../basics/menu-bar.md)", "menu bar")
                                                              .replace("[reinstall it](../basics/missing.md)", "reinstall it"),
        "content/en/account/reset-password.md": "# Reset your password\n\n## Forgot\n\nUse the link.\n",
        "content/es/backups/backup-wont-start.flow.yaml": """title: Mi copia de seguridad no se inicia
start: abierta
steps:
  abierta:
    question: ¿Está abierta la aplicación?
    answers:
      - label: "Sí"
        article: account/reset-password
      - label: "No"
        next: abrir
  abrir:
    solution: Abra **Acme Backup** desde la carpeta Aplicaciones.
""",
        "content/es/account/reset-password.md": "# Restablecer la contraseña\n\nUse el enlace.\n",
    })
    result = run_cli("build", ".", "-o", project / "site", cwd=project)
    assert result.exit_code == 0, result.stderr
    site = project / "site"
    doc = page(site, "/es/backups/backup-wont-start/")
    assert doc.html["lang"] == "es"
    assert text(doc.select_one("#abierta h2")) == "¿Está abierta la aplicación?"
    assert doc.select_one("#abierta .flow-answer")["href"] == "/es/account/reset-password/"
    assert text(doc.select_one("#abrir .flow-outcome-question")) != "Did this solve your problem?"  # the theme's Spanish words
    alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}
    assert alternates["en"] == "https://help.acme.test/en/backups/backup-wont-start/"


def test_the_sample_help_center_has_a_realistic_flow(tmp_path):
    result = build(REPO, BuildOptions(out_dir=tmp_path / "site"), Reporter())
    flows = [a for a in result.sites.default.articles.values() if a.is_flow]
    assert [f.id for f in flows] == ["troubleshooting/client-cant-pay"]
    flow = flows[0].flow
    assert len(flow.steps) >= 10 and sum(s.is_solution for s in flow.steps) >= 5
    assert {a.article for s in flow.steps for a in s.answers if a.article} == {"payments/set-up-harbor-payments"}
    assert any(a.contact for s in flow.steps for a in s.answers)


def test_a_solution_may_have_a_title_and_a_question_may_not(project):
    flow = project / "content" / "backups" / "backup-wont-start.flow.yaml"
    flow.write_text(flow.read_text().replace("  start-app:\n", "  start-app:\n    title: Start the app\n"))
    result, site = built(project)
    assert result.exit_code == 0, result.stderr
    assert text(page(site, "/backups/backup-wont-start/").select_one("#start-app h2")) == "Start the app"
    assert text(page(site, "/backups/backup-wont-start/").select_one("#signed-in .flow-question")) == \
        "Does the app show that you are signed in?"
    steps = {s["id"]: s for s in next(i for i in json.loads((site / "kb.json").read_text())["items"]
                                      if i["id"] == "backups/backup-wont-start")["flow"]["steps"]}
    assert steps["start-app"]["title"] == "Start the app"
    assert site_queries(site, ["start the app"], limit=3)[0]["urls"][0] == "/backups/backup-wont-start/#start-app"
    flow.write_text(flow.read_text().replace("  signed-in:\n", "  signed-in:\n    title: Signed in\n"))
    result, _ = built(project)
    assert result.exit_code == 1
    assert ("content/backups/backup-wont-start.flow.yaml:15:5: error[flow-step]: step 'signed-in' has a 'title', which only "
            "a solution has: a question is titled by its question") in result.stderr


def test_a_chinese_flow_is_searched_step_by_step(write_project):
    project = write_project({
        "kbgen.yaml": "site:\n  title: 帮助中心\n  url: https://help.acme.test/\n  language: zh\n",
        "content/zhanghu/denglu.md": "# 登录\n\n使用您的电子邮件地址登录。\n",
        "content/zhanghu/wufa-denglu.flow.yaml": """title: 无法登录
start: cuowu
steps:
  cuowu:
    question: 是否显示错误信息？
    answers:
      - label: 是的，密码错误
        next: chongzhi
      - label: 没有
        contact: true
  chongzhi:
    solution: 请在登录页面重置密码。如果仍然无法登录，请联系我们。
""",
    })
    result = run_cli("build", ".", "-o", project / "site", cwd=project)
    assert result.exit_code == 0, result.stderr
    doc = page(project / "site", "/zhanghu/wufa-denglu/")
    assert doc.html["lang"] == "zh" and text(doc.select_one("#chongzhi .flow-outcome-question")) != "Did this solve your problem?"
    items = json.loads((project / "site" / "kb.json").read_text())["items"]
    steps = {s["id"]: s for s in next(i for i in items if i["type"] == "flow")["flow"]["steps"]}
    assert steps["chongzhi"]["title"] == "请在登录页面重置密码。"  # its first sentence, cut at the full stop
    found = site_queries(project / "site", ["重置密码", "错误信息"], limit=3)
    assert found[0]["urls"][0] == "/zhanghu/wufa-denglu/#chongzhi"
    assert found[1]["urls"][0] in ("/zhanghu/wufa-denglu/#cuowu", "/zhanghu/wufa-denglu/")
