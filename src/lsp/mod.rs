//! `copydesk lsp`: a language server over standard input and output, so that any LSP editor
//! shows copydesk's findings while the article is written (issue #23).
//!
//! Built on `lsp-server` and `lsp-types`, the crates rust-analyzer uses: a synchronous loop over
//! a channel of messages, with no async runtime, which suits a linter whose work is one
//! CPU-bound call per document. The main thread keeps the open documents (full text, applied
//! from incremental changes) and answers requests; a worker thread lints. Each change is queued
//! with the document's version; the worker waits a few milliseconds for more before linting the
//! newest text of each document, and publishes a result only if no newer version has arrived
//! meanwhile (checked under the lock the main thread takes to record a version), so a stale
//! result is never shown over a newer text.
//!
//! Each document is linted with the configuration the CLI would use for its path
//! (`copydesk.yaml` walked up from it, else a Vale project's `.vale.ini`), reloaded when a YAML
//! file or a Vale configuration is saved or a watched config or rule file changes. A bad config or rule file becomes a diagnostic on that file and a log
//! message; the other documents keep being served. A document over [`MAX_DOCUMENT`] bytes, or
//! binary, is declined with a message.

mod convert;

use crate::config::Selection;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::error::Error;
use crate::markup::Markup;
use crate::source::SourceFile;
use crate::workspace::Workspace;
use convert::{Encoding, LineIndex};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind, MessageType,
    NumberOrString, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the worker waits for more changes before linting: typing produces a change per key.
const DEBOUNCE: Duration = Duration::from_millis(8);

/// Documents larger than this are declined: an editor buffer of 50 MB is a data file.
pub const MAX_DOCUMENT: usize = 50 << 20;

/// Runs the server until the client says `exit`. Returns the process exit code.
pub fn run(extra_rules: Vec<PathBuf>, config: Option<PathBuf>) -> Result<i32, Error> {
    let (connection, io_threads) = Connection::stdio();
    let code = serve(&connection, extra_rules, config);
    drop(connection);
    io_threads
        .join()
        .map_err(|e| Error::Usage(format!("lsp: {e}")))?;
    code
}

fn serve(
    connection: &Connection,
    extra_rules: Vec<PathBuf>,
    config: Option<PathBuf>,
) -> Result<i32, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Usage(format!("lsp: {e}"));
    let (id, params) = connection.initialize_start().map_err(|e| failed(&e))?;
    let init: InitializeParams = serde_json::from_value(params).map_err(|e| failed(&e))?;
    let offered = init
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    let encoding = if offered.is_some_and(|e| e.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let capabilities = ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "copydesk", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| failed(&e))?;
    let watch = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        register_watchers(connection);
    }

    let shared = Arc::new(Mutex::new(Shared::default()));
    let (jobs, queue) = crossbeam_channel::unbounded();
    let worker = {
        let shared = shared.clone();
        let sender = connection.sender.clone();
        std::thread::spawn(move || {
            Worker {
                workspace: Workspace::new(
                    extra_rules.clone(),
                    Selection::default(),
                    config.clone(),
                ),
                extra_rules,
                config,
                shared,
                sender,
                encoding,
            }
            .run(queue)
        })
    };
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        shared,
        jobs,
        encoding,
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| failed(&e))?
                {
                    break;
                }
                server.request(request);
            }
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
    }
    drop(server);
    let _ = worker.join();
    Ok(0)
}

/// Asks the client to report changes to config and rule files.
fn register_watchers(connection: &Connection) {
    let registration = lsp_types::Registration {
        id: "copydesk-config".into(),
        method: lsp_types::notification::DidChangeWatchedFiles::METHOD.into(),
        register_options: Some(serde_json::json!({
            "watchers": [
                {"globPattern": "**/*.yaml"},
                {"globPattern": "**/*.yml"},
                {"globPattern": "**/{.vale.ini,_vale.ini,vale.ini,.vale,_vale}"}
            ]
        })),
    };
    let params = lsp_types::RegistrationParams {
        registrations: vec![registration],
    };
    let request = Request::new(
        RequestId::from("copydesk-register".to_string()),
        lsp_types::request::RegisterCapability::METHOD.into(),
        params,
    );
    let _ = connection.sender.send(Message::Request(request));
}

/// What the worker last published for each document, and the newest version of each.
#[derive(Default)]
struct Shared {
    latest: HashMap<Url, i32>,
    published: HashMap<Url, Published>,
}

/// A document's findings as published, for code actions and hovers on that version.
struct Published {
    uri: Url,
    version: i32,
    text: String,
    index: LineIndex,
    markup: Markup,
    diagnostics: Vec<Diagnostic>,
    /// The description and examples of each rule that fired, for hovers.
    rules: HashMap<String, String>,
    /// The `link` of each rule that fired and has one.
    links: HashMap<String, Url>,
}

/// An open document.
struct Document {
    text: String,
    version: i32,
    language: String,
}

/// One job for the worker.
enum Job {
    Lint {
        uri: Url,
        version: i32,
        text: String,
        language: String,
    },
    /// Config or rule files changed: load them again.
    Reload,
}

struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Url, Document>,
    shared: Arc<Mutex<Shared>>,
    jobs: Sender<Job>,
    encoding: Encoding,
}

impl Server<'_> {
    fn notification(&mut self, n: Notification) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
            DidOpenTextDocument, DidSaveTextDocument,
        };
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<DidOpenTextDocumentParams>(n) else {
                    return;
                };
                let doc = p.text_document;
                self.documents.insert(
                    doc.uri.clone(),
                    Document {
                        text: doc.text,
                        version: doc.version,
                        language: doc.language_id,
                    },
                );
                self.queue(&doc.uri);
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<DidChangeTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.documents.get_mut(&uri) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let index = LineIndex::new(&doc.text, self.encoding);
                            let start = index.offset(&doc.text, range.start);
                            let end = index.offset(&doc.text, range.end).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.queue(&uri);
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = params::<DidSaveTextDocumentParams>(n) else {
                    return;
                };
                if is_config_or_rule(&p.text_document.uri) {
                    self.reload();
                } else {
                    self.queue(&p.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<DidCloseTextDocumentParams>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.documents.remove(&uri);
                let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
                shared.latest.remove(&uri);
                shared.published.remove(&uri);
                publish(&self.connection.sender, uri, Vec::new(), None);
            }
            DidChangeWatchedFiles::METHOD => self.reload(),
            _ => {}
        }
    }

    /// Queues the document's current text for linting, recording its version first.
    fn queue(&self, uri: &Url) {
        let Some(doc) = self.documents.get(uri) else {
            return;
        };
        self.shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .latest
            .insert(uri.clone(), doc.version);
        let _ = self.jobs.send(Job::Lint {
            uri: uri.clone(),
            version: doc.version,
            text: doc.text.clone(),
            language: doc.language.clone(),
        });
    }

    fn reload(&self) {
        let _ = self.jobs.send(Job::Reload);
        for uri in self.documents.keys() {
            self.queue(uri);
        }
    }

    fn request(&self, request: Request) {
        use lsp_types::request::{CodeActionRequest, HoverRequest};
        let result = match request.method.as_str() {
            CodeActionRequest::METHOD => serde_json::from_value::<CodeActionParams>(request.params)
                .map(|p| serde_json::to_value(self.code_actions(&p)).unwrap_or_default()),
            HoverRequest::METHOD => serde_json::from_value::<HoverParams>(request.params)
                .map(|p| serde_json::to_value(self.hover(&p)).unwrap_or_default()),
            _ => {
                let response = Response::new_err(
                    request.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("copydesk does not handle {}", request.method),
                );
                let _ = self.connection.sender.send(response.into());
                return;
            }
        };
        let response = match result {
            Ok(value) => Response::new_ok(request.id, value),
            Err(e) => Response::new_err(
                request.id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            ),
        };
        let _ = self.connection.sender.send(response.into());
    }

    /// The published findings of `uri`, if they are for the text the editor has now.
    fn current<T>(&self, uri: &Url, f: impl FnOnce(&Published) -> T) -> Option<T> {
        let version = self.documents.get(uri)?.version;
        let shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared
            .published
            .get(uri)
            .filter(|p| p.version == version)
            .map(f)
    }

    /// Each fix in the range (safe ones preferred, unsafe ones labelled), all safe fixes of the
    /// file, and a suppression comment for the line in Markdown and HTML.
    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        self.current(uri, |published| {
            let text = &published.text;
            let index = &published.index;
            let start = index.offset(text, p.range.start);
            let end = index.offset(text, p.range.end);
            let mut actions = Vec::new();
            let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..Default::default()
            };
            let text_edits = |d: &Diagnostic| -> Vec<TextEdit> {
                d.fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .map(|e| {
                        TextEdit::new(index.range(text, e.start..e.end), e.replacement.clone())
                    })
                    .collect()
            };
            let touching: Vec<&Diagnostic> = published
                .diagnostics
                .iter()
                .filter(|d| d.span.start <= end && d.span.end >= start)
                .collect();
            for d in &touching {
                let Some(fix) = &d.fix else { continue };
                let safe = fix.applicability == Applicability::Safe;
                let title = format!(
                    "Fix {}{}",
                    d.rule,
                    if safe {
                        ""
                    } else {
                        " (unsafe: check the result)"
                    }
                );
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp_diagnostic(published, d)]),
                    edit: Some(edit(text_edits(d))),
                    is_preferred: Some(safe),
                    ..Default::default()
                }));
            }
            // Every safe fix of the file whose edits do not overlap an earlier one's.
            let mut all = Vec::new();
            let mut reached = 0;
            for d in &published.diagnostics {
                let Some(fix) = d
                    .fix
                    .as_ref()
                    .filter(|f| f.applicability == Applicability::Safe)
                else {
                    continue;
                };
                if fix.edits.first().is_some_and(|e| e.start < reached) {
                    continue;
                }
                reached = fix.edits.last().map_or(reached, |e| e.end);
                all.extend(text_edits(d));
            }
            if !all.is_empty() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Fix all safe copydesk findings in this file".into(),
                    kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                    edit: Some(edit(all)),
                    ..Default::default()
                }));
            }
            if published.markup != Markup::Plain {
                let mut rules: Vec<&str> = touching.iter().map(|d| &*d.rule).collect();
                rules.sort_unstable();
                rules.dedup();
                let line_start = text[..start.min(text.len())]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                let at = index.position(text, line_start);
                for rule in rules {
                    let comment = format!("<!-- copydesk-disable-next-line {rule} -->\n");
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Disable {rule} for this line"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        edit: Some(edit(vec![TextEdit::new(
                            lsp_types::Range::new(at, at),
                            comment,
                        )])),
                        ..Default::default()
                    }));
                }
            }
            actions
        })
        .unwrap_or_default()
    }

    /// The rule's description and examples for a finding under the cursor.
    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        let position = p.text_document_position_params.position;
        self.current(uri, |published| {
            let at = published.index.offset(&published.text, position);
            let d = published
                .diagnostics
                .iter()
                .find(|d| d.span.start <= at && at <= d.span.end)?;
            let doc = published.rules.get(&*d.rule).cloned().unwrap_or_default();
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: format!(
                        "**{}** ({})\n\n{}\n\n{doc}",
                        d.rule,
                        d.severity.as_str(),
                        d.message
                    ),
                }),
                range: Some(published.index.range(&published.text, d.span.clone())),
            })
        })
        .flatten()
    }
}

/// A notification's parameters; a client's malformed notification is ignored, as the
/// protocol has no reply to a notification.
fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

/// Whether a saved file is configuration or a rule: a YAML file, or a Vale configuration.
fn is_config_or_rule(uri: &Url) -> bool {
    let path = uri.path();
    let name = path.rsplit('/').next().unwrap_or(path);
    path.ends_with(".yaml")
        || path.ends_with(".yml")
        || crate::vale::config::CONFIG_NAMES.contains(&name)
}

/// The linting thread: it owns the workspace (configurations and compiled rules).
struct Worker {
    workspace: Workspace,
    extra_rules: Vec<PathBuf>,
    config: Option<PathBuf>,
    shared: Arc<Mutex<Shared>>,
    sender: Sender<Message>,
    encoding: Encoding,
}

impl Worker {
    fn run(mut self, queue: Receiver<Job>) {
        while let Ok(first) = queue.recv() {
            // The newest text of each document queued while waiting.
            let mut batch: Vec<Job> = vec![first];
            loop {
                match queue.recv_timeout(DEBOUNCE) {
                    Ok(job) => batch.push(job),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let mut newest: Vec<(Url, i32, String, String)> = Vec::new();
            for job in batch {
                match job {
                    Job::Reload => {
                        self.workspace = Workspace::new(
                            self.extra_rules.clone(),
                            Selection::default(),
                            self.config.clone(),
                        );
                    }
                    Job::Lint {
                        uri,
                        version,
                        text,
                        language,
                    } => {
                        newest.retain(|(u, ..)| *u != uri);
                        newest.push((uri, version, text, language));
                    }
                }
            }
            for (uri, version, text, language) in newest {
                self.lint(uri, version, text, &language);
            }
        }
    }

    fn lint(&mut self, uri: Url, version: i32, text: String, language: &str) {
        if self.latest(&uri) != Some(version) {
            return;
        }
        let path = uri.to_file_path().ok();
        let shown = path
            .as_ref()
            .map_or_else(|| uri.to_string(), |p| p.display().to_string());
        if text.len() > MAX_DOCUMENT {
            self.message(
                MessageType::WARNING,
                format!("copydesk: {shown} is larger than 50 MB; not linted"),
            );
            return self.publish_if_current(uri, version, None);
        }
        let source = match SourceFile::new(shown.clone(), text.clone().into_bytes()) {
            Ok(source) => source,
            Err(_) => {
                self.message(
                    MessageType::WARNING,
                    format!("copydesk: {shown} is not text; not linted"),
                );
                return self.publish_if_current(uri, version, None);
            }
        };
        let resolved = match self.workspace.resolve(path.as_deref()) {
            Ok(resolved) => resolved,
            Err(error) => {
                self.config_error(&error);
                return self.publish_if_current(uri, version, None);
            }
        };
        let mut settings = resolved.settings(path.as_deref(), &Selection::default());
        settings.markup = Some(match language {
            "markdown" => Markup::Markdown,
            "html" => Markup::Html,
            "plaintext" | "text" => Markup::Plain,
            _ => Markup::from_path(&shown),
        });
        // A bug in a check must not end the session: the document goes without findings, and
        // the log says why.
        let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            resolved.linter.lint_with(&source, &settings)
        }));
        let Ok(diagnostics) = linted else {
            self.message(
                MessageType::ERROR,
                format!("copydesk: linting {shown} failed (a bug: please report it)"),
            );
            return self.publish_if_current(uri, version, None);
        };
        let fired = || {
            resolved
                .linter
                .rules()
                .iter()
                .filter(|r| diagnostics.iter().any(|d| d.rule == r.id))
        };
        let links = fired()
            .filter_map(|r| Some((r.id.to_string(), Url::parse(r.link.as_deref()?).ok()?)))
            .collect();
        let rules = fired()
            .map(|r| {
                let mut doc = r.description.trim().to_string();
                if !r.examples.fire.is_empty() {
                    doc.push_str("\n\nFires on:\n");
                    for e in &r.examples.fire {
                        doc.push_str(&format!("- `{}`\n", e.replace('`', "'")));
                    }
                }
                if let Some(link) = &r.link {
                    doc.push_str(&format!("\n[Documentation]({link})"));
                }
                (r.id.to_string(), doc)
            })
            .collect();
        let published = Published {
            uri: uri.clone(),
            version,
            index: LineIndex::new(&text, self.encoding),
            markup: settings.markup.unwrap_or(Markup::Plain),
            text,
            diagnostics,
            rules,
            links,
        };
        self.publish_if_current(uri, version, Some(published));
    }

    fn latest(&self, uri: &Url) -> Option<i32> {
        let shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.latest.get(uri).copied()
    }

    /// Publishes under the lock the main thread takes to record a newer version, so that a
    /// result is sent only while it is the newest.
    fn publish_if_current(&self, uri: Url, version: i32, published: Option<Published>) {
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        if shared.latest.get(&uri) != Some(&version) {
            return;
        }
        let diagnostics = published
            .as_ref()
            .map(|p| p.diagnostics.iter().map(|d| lsp_diagnostic(p, d)).collect())
            .unwrap_or_default();
        publish(&self.sender, uri.clone(), diagnostics, Some(version));
        match published {
            Some(p) => shared.published.insert(uri, p),
            None => shared.published.remove(&uri),
        };
    }

    /// A config or rule file that does not load: a diagnostic on it, and a log message.
    fn config_error(&self, error: &Error) {
        let params = lsp_types::LogMessageParams {
            typ: MessageType::ERROR,
            message: format!("copydesk: {error}"),
        };
        let n = Notification::new(lsp_types::notification::LogMessage::METHOD.into(), params);
        let _ = self.sender.send(n.into());
        let Error::Files(files) = error else {
            return;
        };
        let mut by_file: HashMap<Url, Vec<LspDiagnostic>> = HashMap::new();
        for file in files {
            let Ok(uri) = Url::from_file_path(std::path::absolute(&file.path).unwrap_or_default())
            else {
                continue;
            };
            let index = LineIndex::new(&file.text, self.encoding);
            let range = index.range(&file.text, file.span.clone().unwrap_or(0..0));
            by_file.entry(uri).or_default().push(LspDiagnostic {
                range,
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("copydesk".into()),
                message: file.message.clone(),
                ..Default::default()
            });
        }
        for (uri, diagnostics) in by_file {
            publish(&self.sender, uri, diagnostics, None);
        }
    }

    fn message(&self, typ: MessageType, message: String) {
        let params = ShowMessageParams { typ, message };
        let n = Notification::new(lsp_types::notification::ShowMessage::METHOD.into(), params);
        let _ = self.sender.send(n.into());
    }
}

fn publish(
    sender: &Sender<Message>,
    uri: Url,
    diagnostics: Vec<LspDiagnostic>,
    version: Option<i32>,
) {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let n = Notification::new(
        lsp_types::notification::PublishDiagnostics::METHOD.into(),
        params,
    );
    let _ = sender.send(n.into());
}

/// A diagnostic as the client shows it: the rule id as code (with the rule's link), its help
/// after the message, labels (folded findings among them) as related information.
fn lsp_diagnostic(p: &Published, d: &Diagnostic) -> LspDiagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(p.uri.clone(), p.index.range(&p.text, l.span.clone())),
            message: l.message.clone(),
        })
        .collect();
    LspDiagnostic {
        range: p.index.range(&p.text, d.span.clone()),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Suggestion => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: p
            .links
            .get(&*d.rule)
            .map(|href| lsp_types::CodeDescription { href: href.clone() }),
        source: Some("copydesk".into()),
        message: match &d.help {
            Some(help) => format!("{}\nhelp: {help}", d.message),
            None => d.message.clone(),
        },
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
