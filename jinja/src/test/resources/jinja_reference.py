"""Reference renderer for jsalt's differential Jinja tests.

Reads {"cases": [...]} as JSON on stdin, renders every case with the real Jinja2 in Salt's environment
(SandboxedEnvironment, StrictUndefined, do + loopcontrols, autoescape off) and writes one JSON list of
results on stdout, in the order of the cases. Run by /usr/bin/python3 (Debian's python3-jinja2), once per
test run.

A case: name, template (rendered with env.from_string) or entry (a name rendered through the loader),
context (render(**context)), templates (the loader's name -> source), env (trim_blocks, lstrip_blocks,
keep_trailing_newline), globals (template.globals.update(...), as Salt does with the context), salt_globals
(true: the context is also the template's globals, exactly as Salt renders).

A result: {"ok": true, "out": str} or {"ok": false, "error": class name, "mro": [class names],
"message": str, "name": template name or null, "line": int or null}.
"""
import json
import sys

try:
    import jinja2
    import jinja2.sandbox
except ImportError:
    print("NO_JINJA2", flush=True)
    sys.exit(3)


def salt_like_extension():
    """The Salt tags the Java test extension implements, built from Jinja2 nodes the way Salt's
    SerializerExtension builds them (import_json/import_text = import + filter, load_json/load_text =
    a macro whose output is filtered), plus a profile block calling back into Python."""
    from jinja2 import nodes
    from jinja2.ext import Extension
    from jinja2.environment import TemplateModule
    from jinja2.exceptions import TemplateRuntimeError

    def load_json(value):
        if isinstance(value, TemplateModule):
            value = str(value)
        try:
            return json.loads(value)
        except (ValueError, TypeError, AttributeError):
            raise TemplateRuntimeError("Unable to load json from {}".format(value))

    def load_text(value):
        if isinstance(value, TemplateModule):
            value = str(value)
        return value

    class SaltLike(Extension):
        tags = {"import_json", "import_text", "load_json", "load_text", "profile"}

        def __init__(self, environment):
            super().__init__(environment)
            environment.filters["load_json"] = load_json
            environment.filters["load_text"] = load_text

        def parse(self, parser):
            tag = parser.stream.current.value
            if tag.startswith("import_"):
                node = parser.parse_import()
                return [node, nodes.Assign(nodes.Name(node.target, "store").set_lineno(node.lineno),
                        nodes.Filter(nodes.Name(node.target, "load").set_lineno(node.lineno), "load_" + tag[7:],
                                     [], [], None, None).set_lineno(node.lineno)).set_lineno(node.lineno)]
            if tag.startswith("load_"):
                lineno = next(parser.stream).lineno
                parser.stream.expect("name:as")
                target = parser.parse_assign_target()
                macro = "_" + parser.free_identifier().name
                body = parser.parse_statements(("name:endload",), drop_needle=True)
                return [nodes.Macro(macro, [], [], body).set_lineno(lineno),
                        nodes.Assign(target, nodes.Filter(nodes.Call(nodes.Name(macro, "load").set_lineno(lineno), [], [],
                                     None, None).set_lineno(lineno), tag, [], [], None, None).set_lineno(lineno)).set_lineno(lineno)]
            lineno = next(parser.stream).lineno
            parser.stream.expect("name:as")
            label = parser.parse_expression()
            macro = "_" + parser.free_identifier().name
            body = parser.parse_statements(("name:endprofile",), drop_needle=True)
            call = nodes.Call(nodes.Name(macro, "load").set_lineno(lineno), [], [], None, None).set_lineno(lineno)
            return [nodes.Macro(macro, [], [], body).set_lineno(lineno),
                    nodes.Output([self.call_method("_profile", [label, call], lineno=lineno)]).set_lineno(lineno)]

        def _profile(self, label, body):
            return "<" + str(label) + ">" + body + "</" + str(label) + ">"

    return SaltLike


def loader_for(templates):
    def load(name):
        if name in templates:
            # The name doubles as the filename so tracebacks say which template failed.
            return templates[name], name, lambda: True
        return None
    return jinja2.FunctionLoader(load)


def make_env(case):
    opts = case.get("env") or {}
    return jinja2.sandbox.SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"] + ([salt_like_extension()] if case.get("salt_tags") else []),
        autoescape=False,
        trim_blocks=bool(opts.get("trim_blocks", False)),
        lstrip_blocks=bool(opts.get("lstrip_blocks", False)),
        keep_trailing_newline=bool(opts.get("keep_trailing_newline", False)),
        loader=loader_for(case.get("templates") or {}),
    )


def error_location(exc, templates):
    """The innermost template frame of the rewritten traceback: (template name or None, line)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.name, exc.lineno
    found = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == "<template>":
            found = (None, tb.tb_lineno)
        elif filename in templates:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def message_of(exc):
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.message
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return repr(exc.args[0])
    return str(exc)


def render(case):
    templates = case.get("templates") or {}
    context = case.get("context") or {}
    try:
        env = make_env(case)
        if case.get("entry") is not None:
            template = env.get_template(case["entry"])
        else:
            template = env.from_string(case["template"])
        if case.get("salt_globals"):
            template.globals.update(context)
        if case.get("globals"):
            template.globals.update(case["globals"])
        return {"ok": True, "out": template.render(**context)}
    except RecursionError as exc:
        return {"ok": False, "error": "RecursionError", "mro": ["RecursionError"], "message": "maximum recursion depth exceeded",
                "name": None, "line": None}
    except Exception as exc:  # every failure is a result: the Java side compares kinds
        name, line = error_location(exc, templates)
        return {"ok": False, "error": type(exc).__name__, "mro": [c.__name__ for c in type(exc).__mro__],
                "message": message_of(exc), "name": name, "line": line}


def main():
    request = json.load(sys.stdin)
    results = [render(case) for case in request["cases"]]
    # ensure_ascii keeps lone surrogates and odd characters intact across the pipe.
    json.dump({"jinja2": jinja2.__version__, "results": results}, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
