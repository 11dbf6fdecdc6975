package dev.jsalt.jinja;

import dev.jsalt.jinja.ast.Nodes;
import dev.jsalt.jinja.builtins.Filters;
import dev.jsalt.jinja.builtins.Globals;
import dev.jsalt.jinja.builtins.Tests;
import dev.jsalt.jinja.compile.Compiler;
import dev.jsalt.jinja.ext.BuiltinExtensions;
import dev.jsalt.jinja.ext.TagExtension;
import dev.jsalt.jinja.lexer.Lexer;
import dev.jsalt.jinja.lexer.TokenStream;
import dev.jsalt.jinja.parser.Parser;
import dev.jsalt.jinja.runtime.CompiledTemplate;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Salt's Jinja2 environment: {@code SandboxedEnvironment(undefined=StrictUndefined, extensions=[do, loopcontrols])},
 * autoescape off, plus whatever the host registers (filters, tests, globals, tags). Immutable once built and
 * shared by all renders; templates are parsed once and cached on (name, source).
 */
public final class Environment {
    private final boolean trimBlocks;
    private final boolean lstripBlocks;
    private final boolean keepTrailingNewline;
    private final Limits limits;
    private final TemplateLoader loader;
    private final Map<String, JinjaCallable> filters;
    private final Map<String, JinjaCallable> tests;
    private final Map<String, Object> globals;
    private final Map<String, TagExtension> extensions;
    private final Lexer lexer;
    private final int cacheSize;
    private final ConcurrentHashMap<CacheKey, CompiledTemplate> cache = new ConcurrentHashMap<>();

    private record CacheKey(String name, String source) {
    }

    private Environment(Builder b) {
        this.trimBlocks = b.trimBlocks;
        this.lstripBlocks = b.lstripBlocks;
        this.keepTrailingNewline = b.keepTrailingNewline;
        this.limits = b.limits;
        this.loader = b.loader;
        this.filters = Collections.unmodifiableMap(new HashMap<>(b.filters));
        this.tests = Collections.unmodifiableMap(new HashMap<>(b.tests));
        this.globals = Collections.unmodifiableMap(new HashMap<>(b.globals));
        this.extensions = Collections.unmodifiableMap(new HashMap<>(b.extensions));
        this.cacheSize = b.cacheSize;
        this.lexer = new Lexer(trimBlocks, lstripBlocks, keepTrailingNewline);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An environment exactly like Salt's, with nothing added. */
    public static Environment salt() {
        return builder().build();
    }

    /** Configures an environment. Builtin filters, tests and globals are present; registering a name replaces it. */
    public static final class Builder {
        private boolean trimBlocks;
        private boolean lstripBlocks;
        private boolean keepTrailingNewline;
        private Limits limits = Limits.DEFAULT;
        private TemplateLoader loader = TemplateLoader.NONE;
        private final Map<String, JinjaCallable> filters = new LinkedHashMap<>(Filters.all());
        private final Map<String, JinjaCallable> tests = new LinkedHashMap<>(Tests.all());
        private final Map<String, Object> globals = new LinkedHashMap<>(Globals.all());
        private final Map<String, TagExtension> extensions = new LinkedHashMap<>();
        private int cacheSize = 400;

        private Builder() {
            for (TagExtension e : BuiltinExtensions.all()) {
                extension(e);
            }
        }

        public Builder trimBlocks(boolean v) {
            trimBlocks = v;
            return this;
        }

        public Builder lstripBlocks(boolean v) {
            lstripBlocks = v;
            return this;
        }

        public Builder keepTrailingNewline(boolean v) {
            keepTrailingNewline = v;
            return this;
        }

        public Builder limits(Limits v) {
            limits = v;
            return this;
        }

        public Builder loader(TemplateLoader v) {
            loader = v;
            return this;
        }

        /** A filter: {@code value|name(args)} calls it with the value as the first positional argument. */
        public Builder filter(String name, JinjaCallable f) {
            filters.put(name, f);
            return this;
        }

        /** A test: {@code value is name(args)}; its result is used as returned (Python truthiness applies). */
        public Builder test(String name, JinjaCallable t) {
            tests.put(name, t);
            return this;
        }

        /** A global: any template value, e.g. a {@link JinjaCallable} function or a {@link JinjaObject}. */
        public Builder global(String name, Object value) {
            globals.put(name, value);
            return this;
        }

        /** A custom tag. */
        public Builder extension(TagExtension e) {
            for (String tag : e.tags()) {
                extensions.put(tag, e);
            }
            return this;
        }

        /** How many parsed templates to keep (0: no caching). */
        public Builder cacheSize(int v) {
            cacheSize = v;
            return this;
        }

        public Environment build() {
            return new Environment(this);
        }
    }

    // ---- accessors --------------------------------------------------------------------------------------------

    public Limits limits() {
        return limits;
    }

    public TemplateLoader loader() {
        return loader;
    }

    public JinjaCallable filter(String name) {
        return filters.get(name);
    }

    public JinjaCallable test(String name) {
        return tests.get(name);
    }

    public boolean hasFilter(String name) {
        return filters.containsKey(name);
    }

    public boolean hasTest(String name) {
        return tests.containsKey(name);
    }

    /** The environment's globals (builtins and registered ones). */
    public Map<String, Object> globals() {
        return globals;
    }

    public boolean trimBlocks() {
        return trimBlocks;
    }

    public boolean lstripBlocks() {
        return lstripBlocks;
    }

    public boolean keepTrailingNewline() {
        return keepTrailingNewline;
    }

    // ---- templates --------------------------------------------------------------------------------------------

    /** Jinja2's from_string: a nameless template (errors carry no template name). Cached by source. */
    public Template fromString(String source) {
        return new Template(this, compileCached(null, source));
    }

    /** Like {@link #fromString(String)}, but named (as if the loader had returned it under this name). */
    public Template fromString(String source, String name) {
        return new Template(this, compileCached(name, source));
    }

    /** A template from the environment's loader. */
    public Template getTemplate(String name) {
        CompiledTemplate t = load(loader, name, null);
        if (t == null) {
            throw new TemplateNotFound(name, java.util.List.of(name), false);
        }
        return new Template(this, t);
    }

    /** Loads, parses (once) and compiles a template, or null when the loader has none. */
    public CompiledTemplate load(TemplateLoader from, String name, String parent) {
        Optional<TemplateSource> src = from.load(name, parent);
        if (src.isEmpty()) {
            return null;
        }
        return compileCached(src.get().name(), src.get().source());
    }

    private CompiledTemplate compileCached(String name, String source) {
        if (cacheSize <= 0) {
            return compile(name, source);
        }
        CacheKey key = new CacheKey(name, source);
        CompiledTemplate t = cache.get(key);
        if (t != null) {
            return t;
        }
        t = compile(name, source);
        if (cache.size() >= cacheSize) {
            cache.clear();
        }
        CompiledTemplate prior = cache.putIfAbsent(key, t);
        return prior != null ? prior : t;
    }

    private CompiledTemplate compile(String name, String source) {
        try {
            Parser parser = new Parser(new TokenStream(lexer.tokenize(source, name), name), name, extensions);
            Nodes.Template ast = parser.parse();
            return Compiler.compile(this, name, source, ast);
        } catch (StackOverflowError e) {
            throw new LimitExceededError("max template nesting depth", Parser.MAX_NESTING, "Java stack exhausted while parsing");
        } catch (JinjaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw dev.jsalt.jinja.runtime.Runtime.internal(e);
        }
    }
}
