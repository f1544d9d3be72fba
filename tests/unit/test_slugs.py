from kbgen.slugs import AnchorSet, heading_id, url_segment


def test_url_segment_is_readable_ascii_for_latin_names():
    assert url_segment("Getting Started") == "getting-started"
    assert url_segment("facturación-en-españa") == "facturacion-en-espana"
    assert url_segment("Straße_und Öl") == "strasse-und-ol"
    assert url_segment("refunds (old)") == "refunds-old"


def test_url_segment_keeps_other_scripts_readable():
    assert url_segment("账户设置") == "账户设置"
    assert url_segment("Оплата картой") == "оплата-картой"
    assert url_segment("الفواتير") == "الفواتير"


def test_url_segment_never_empty_and_stable():
    assert url_segment("!!!") == url_segment("!!!")
    assert url_segment("!!!").startswith("page-")


def test_heading_id_follows_github():
    assert heading_id("What's a payout?") == "whats-a-payout"
    assert heading_id("Impuestos y IVA") == "impuestos-y-iva"
    assert heading_id("Café owners: tipping") == "café-owners-tipping"
    assert heading_id("Step 2 - confirm") == "step-2---confirm"


def test_anchor_set_dedupes_like_github():
    anchors = AnchorSet()
    assert [anchors.add("Setup"), anchors.add("Setup"), anchors.add("Setup")] == ["setup", "setup-1", "setup-2"]
