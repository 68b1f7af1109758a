"""End-to-end tests of `copydesk lsp` through a real LSP client (pytest-lsp, issue #23).

Run by .ci/lsp-test.sh: `COPYDESK_BIN=target/debug/copydesk pytest tests/lsp`. Each test starts
the server, opens documents in a temporary folder, and checks what it publishes and answers.
"""
import os
import pathlib
import statistics
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ.get("COPYDESK_BIN", "target/debug/copydesk")
ARTICLE = "The council voted on Monday.\n\nWrite to [email protected] for help.\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path):
    # Diagnostics are recorded with the version they are for.
    lsp_client.diagnostic_versions = {}
    del lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    @lsp_client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def record(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.diagnostic_versions[params.uri] = params.version

    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        root_uri=tmp_path.as_uri(),
    ))
    lsp_client.tmp = tmp_path
    yield
    await lsp_client.shutdown_session()


async def open_doc(client, name, text, language="plaintext", version=1):
    path = client.tmp / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version,
                                             text=text)))
    await diagnostics_for(client, uri, version)
    return uri


def offset(text, position):
    """The index in `text` of an LSP position (UTF-16 columns)."""
    line_start = sum(len(line) for line in text.splitlines(keepends=True)[: position.line])
    units, i = 0, line_start
    while units < position.character:
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def apply(text, edits):
    """`text` with the LSP text edits applied (they do not overlap)."""
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        text = text[: offset(text, e.range.start)] + e.new_text + text[offset(text, e.range.end):]
    return text


async def diagnostics_for(client, uri, version):
    """Waits until the diagnostics of `uri` at `version` are published."""
    for _ in range(200):
        if client.diagnostic_versions.get(uri) == version:
            return list(client.diagnostics[uri])
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    raise AssertionError(f"no diagnostics for {uri} at version {version}")


@pytest.mark.asyncio
async def test_open_reports_findings_with_rule_codes(client: LanguageClient):
    uri = await open_doc(client, "a.txt", ARTICLE)
    found = client.diagnostics[uri]
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character)
            for d in found] == [("Junk.EmailPlaceholder", 2, 9, 26)]
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert found[0].source == "copydesk"


@pytest.mark.asyncio
async def test_utf16_positions_on_a_line_with_emoji(client: LanguageClient):
    text = "Fun 😀😀 ok: write to [email protected] now.\n"
    uri = await open_doc(client, "emoji.txt", text)
    (d,) = client.diagnostics[uri]
    before = text[: text.index("[email")]
    assert d.range.start.character == len(before.encode("utf-16-le")) // 2
    assert d.range.end.character - d.range.start.character == len("[email protected]")


@pytest.mark.asyncio
async def test_incremental_change_and_the_newest_version_wins(client: LanguageClient):
    uri = await open_doc(client, "b.txt", ARTICLE)
    # Delete the placeholder line's text, then type it back in two steps.
    start, end = types.Position(line=2, character=0), types.Position(line=2, character=41)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=start, end=end), text="All fine here.")]))
    assert await diagnostics_for(client, uri, 2) == []
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=2, character=0),
                              end=types.Position(line=2, character=3)),
            text="Leave a Comment\n\nAll")]))
    found = await diagnostics_for(client, uri, 3)
    assert [d.code for d in found] == ["Junk.CommentWidget"]
    assert found[0].range.start.line == 2


@pytest.mark.asyncio
async def test_code_action_fix_applies(client: LanguageClient):
    text = "The cafÃ© opens at nine.\n"
    uri = await open_doc(client, "c.txt", text)
    (d,) = client.diagnostics[uri]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    titles = [a.title for a in actions]
    assert "Fix Encoding.Mojibake" in titles
    assert "Fix all safe copydesk findings in this file" in titles
    fix = next(a for a in actions if a.title == "Fix Encoding.Mojibake")
    assert fix.is_preferred
    assert apply(text, fix.edit.changes[uri]) == "The café opens at nine.\n"


@pytest.mark.asyncio
async def test_disable_for_this_line_in_markdown_and_hover(client: LanguageClient):
    uri = await open_doc(client, "d.md", ARTICLE, language="markdown")
    (d,) = client.diagnostics[uri]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    disable = next(a for a in actions if a.title == "Disable Junk.EmailPlaceholder for this line")
    (edit,) = disable.edit.changes[uri]
    assert edit.new_text == "<!-- copydesk-disable-next-line Junk.EmailPlaceholder -->\n"
    assert edit.range.start == types.Position(line=2, character=0)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start))
    assert hover.contents.value.startswith("**Junk.EmailPlaceholder** (error)")


@pytest.mark.asyncio
async def test_config_change_and_broken_config(client: LanguageClient):
    uri = await open_doc(client, "e.txt", ARTICLE, version=1)
    config = client.tmp / "copydesk.yaml"
    # Turned off by the configuration once it is saved.
    config.write_text("ignore: [Junk.EmailPlaceholder]\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config.as_uri())))
    for _ in range(50):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if client.diagnostics.get(uri) is not None and not client.diagnostics[uri]:
            break
    assert not client.diagnostics[uri]
    # A broken config is a diagnostic on it, at its place; the server goes on serving.
    config.write_text("ignore: [Junk.EmailPlaceholder]\nbogus: 1\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config.as_uri())))
    for _ in range(50):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if client.diagnostics.get(config.as_uri()):
            break
    (bad,) = client.diagnostics[config.as_uri()]
    assert "bogus" in bad.message
    assert any("bogus" in m.message for m in client.log_messages)
    assert bad.range.start.line == 1
    other = await open_doc(client, "f.txt", "Fine text.\n", version=1)
    assert not client.diagnostics[other]


@pytest.mark.asyncio
async def test_latency_of_a_20_kb_article(client: LanguageClient):
    paragraph = ("The council met on Monday to discuss the budget for the coming year, "
                 "and the members agreed on most of the plan. ")
    text = "\n\n".join([paragraph * 3] * 50)[:20_000] + "\n"
    uri = await open_doc(client, "long.txt", text)
    times = []
    for version in range(2, 52):
        started = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=0),
                                  end=types.Position(line=0, character=0)),
                text="x" if version % 2 else "")]))
        await diagnostics_for(client, uri, version)
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"\nlatency: median {median:.1f} ms over 50 edits of a 20 KB article", file=sys.stderr)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def utf8_client(lsp_client: LanguageClient, tmp_path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8,
                                types.PositionEncodingKind.Utf16])),
        root_uri=tmp_path.as_uri(),
    ))
    lsp_client.tmp = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_utf8_positions_when_the_client_offers_them(utf8_client: LanguageClient):
    assert utf8_client.capabilities is not None
    text = "Fun 😀 é: write to [email protected] now.\n"
    path = utf8_client.tmp / "utf8.txt"
    path.write_text(text, encoding="utf-8")
    utf8_client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="plaintext",
                                             version=1, text=text)))
    for _ in range(50):
        await utf8_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if utf8_client.diagnostics.get(path.as_uri()):
            break
    (d,) = utf8_client.diagnostics[path.as_uri()]
    assert d.range.start.character == len(text[: text.index("[email")].encode("utf-8"))


@pytest.mark.asyncio
async def test_a_binary_document_is_declined_with_a_message(client: LanguageClient):
    uri = await open_doc(client, "blob.txt", "PK\x00\x03 binary\n")
    assert not client.diagnostics[uri]
    assert any("is not text; not linted" in m.message for m in client.messages)


@pytest.mark.asyncio
async def test_a_vale_projects_styles_and_its_config_saved(client: LanguageClient):
    # No copydesk.yaml: the .vale.ini of the folder applies, its styles beside the rules.
    styles = client.tmp / "styles" / "Demo"
    styles.mkdir(parents=True)
    (styles / "Terms.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\n"
        "ignorecase: true\naction:\n  name: replace\nswap:\n  e-mail: email\n",
        encoding="utf-8")
    ini = client.tmp / ".vale.ini"
    ini.write_text("StylesPath = styles\n[*.md]\nBasedOnStyles = Demo\n", encoding="utf-8")
    text = "Send an e-mail today.\n"
    uri = await open_doc(client, "v.md", text, language="markdown")
    (found,) = [d for d in client.diagnostics[uri] if d.code == "Demo.Terms"]
    assert found.message == "Use 'email' instead of 'e-mail'."
    assert (found.range.start.line, found.range.start.character) == (0, 8)
    assert (found.range.end.line, found.range.end.character) == (0, 14)
    assert found.severity == types.DiagnosticSeverity.Error
    # Its action is a quick fix.
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=found.range,
        context=types.CodeActionContext(diagnostics=[found])))
    fix = next(a for a in actions if a.edit and "Demo.Terms" in a.title)
    assert apply(text, fix.edit.changes[uri]) == "Send an email today.\n"
    # Saving the .vale.ini reloads it: the style no longer applies to Markdown.
    ini.write_text("StylesPath = styles\n[*.txt]\nBasedOnStyles = Demo\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=ini.as_uri())))
    for _ in range(50):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if not [d for d in client.diagnostics.get(uri, []) if d.code == "Demo.Terms"]:
            break
    assert not [d for d in client.diagnostics[uri] if d.code == "Demo.Terms"]
