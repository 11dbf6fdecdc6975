package dev.jsalt.master.compile.salt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The YAML emitter Salt's {@code yaml} filter really runs: Salt's {@code SafeOrderedDumper} derives from PyYAML's
 * {@code CSafeDumper} when PyYAML has libyaml (Debian's python3-yaml does, and so did the Salt 3006.1 that produced
 * the corpus), so the text comes from libyaml 0.2.5's {@code emitter.c}, not from PyYAML's Python emitter. This
 * class follows that C emitter state by state (same analysis of scalars, same style choice, same line folding at
 * width 80, same escapes); the two differ from PyYAML's Python emitter in small ways that matter for byte-identical
 * output: libyaml escapes characters outside the Basic Multilingual Plane and NEL in double quotes, writes no
 * {@code ...} after a plain root scalar, allows an empty scalar and a 128-byte scalar as a simple key, and folds
 * double-quoted scalars only at spaces.
 *
 * <p>It consumes the whole event list at once (libyaml's look-ahead of up to three events is then always there).
 */
final class YamlEmitter {
    enum Style { PLAIN, SINGLE, DOUBLE }

    sealed interface Event permits StreamStart, StreamEnd, DocStart, DocEnd, Alias, Scalar, SeqStart, SeqEnd, MapStart, MapEnd {
    }

    record StreamStart() implements Event {
    }

    record StreamEnd() implements Event {
    }

    record DocStart(boolean implicit) implements Event {
    }

    record DocEnd(boolean implicit) implements Event {
    }

    record Alias(String anchor) implements Event {
    }

    record Scalar(String anchor, String tag, boolean plainImplicit, boolean quotedImplicit, String value, Style style) implements Event {
    }

    record SeqStart(String anchor, String tag, boolean implicit, boolean flow) implements Event {
    }

    record SeqEnd() implements Event {
    }

    record MapStart(String anchor, String tag, boolean implicit, boolean flow) implements Event {
    }

    record MapEnd() implements Event {
    }

    private enum State {
        STREAM_START, FIRST_DOCUMENT_START, DOCUMENT_START, DOCUMENT_CONTENT, DOCUMENT_END,
        FLOW_SEQUENCE_FIRST_ITEM, FLOW_SEQUENCE_ITEM, FLOW_MAPPING_FIRST_KEY, FLOW_MAPPING_KEY,
        FLOW_MAPPING_SIMPLE_VALUE, FLOW_MAPPING_VALUE, BLOCK_SEQUENCE_FIRST_ITEM, BLOCK_SEQUENCE_ITEM,
        BLOCK_MAPPING_FIRST_KEY, BLOCK_MAPPING_KEY, BLOCK_MAPPING_SIMPLE_VALUE, BLOCK_MAPPING_VALUE, END
    }

    private final StringBuilder out = new StringBuilder();
    private final boolean unicode;
    private final int bestIndent = 2;
    private final int bestWidth;

    private List<Event> events;
    private int head;
    private State state = State.STREAM_START;
    private final Deque<State> states = new ArrayDeque<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int indent = -1;
    private int flowLevel;
    private boolean mappingContext;
    private boolean simpleKeyContext;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private int openEnded;

    // analysis of the head event
    private String anchor;
    private boolean anchorAlias;
    private String tagHandle;
    private String tagSuffix;
    private String scalarValue;
    private int scalarBytes;
    private boolean multiline;
    private boolean flowPlainAllowed;
    private boolean blockPlainAllowed;
    private boolean singleQuotedAllowed;
    private Style scalarStyle;

    YamlEmitter(boolean unicode, int width) {
        this.unicode = unicode;
        this.bestWidth = width <= 4 ? 80 : width;
    }

    /** Emits the events and returns the text. */
    String emit(List<Event> evs) {
        this.events = evs;
        for (head = 0; head < events.size(); head++) {
            Event ev = events.get(head);
            analyzeEvent(ev);
            stateMachine(ev);
        }
        return out.toString();
    }

    private Event peek(int offset) {
        int i = head + offset;
        return i < events.size() ? events.get(i) : null;
    }

    private void increaseIndent(boolean flow, boolean indentless) {
        indents.push(indent);
        if (indent < 0) {
            indent = flow ? bestIndent : 0;
        } else if (!indentless) {
            indent += bestIndent;
        }
    }

    private void stateMachine(Event ev) {
        switch (state) {
            case STREAM_START -> streamStart(ev);
            case FIRST_DOCUMENT_START -> documentStart(ev, true);
            case DOCUMENT_START -> documentStart(ev, false);
            case DOCUMENT_CONTENT -> {
                states.push(State.DOCUMENT_END);
                node(ev, true, false, false, false);
            }
            case DOCUMENT_END -> documentEnd(ev);
            case FLOW_SEQUENCE_FIRST_ITEM -> flowSequenceItem(ev, true);
            case FLOW_SEQUENCE_ITEM -> flowSequenceItem(ev, false);
            case FLOW_MAPPING_FIRST_KEY -> flowMappingKey(ev, true);
            case FLOW_MAPPING_KEY -> flowMappingKey(ev, false);
            case FLOW_MAPPING_SIMPLE_VALUE -> flowMappingValue(ev, true);
            case FLOW_MAPPING_VALUE -> flowMappingValue(ev, false);
            case BLOCK_SEQUENCE_FIRST_ITEM -> blockSequenceItem(ev, true);
            case BLOCK_SEQUENCE_ITEM -> blockSequenceItem(ev, false);
            case BLOCK_MAPPING_FIRST_KEY -> blockMappingKey(ev, true);
            case BLOCK_MAPPING_KEY -> blockMappingKey(ev, false);
            case BLOCK_MAPPING_SIMPLE_VALUE -> blockMappingValue(ev, true);
            case BLOCK_MAPPING_VALUE -> blockMappingValue(ev, false);
            case END -> throw new IllegalStateException("expected nothing after STREAM-END");
        }
    }

    private void streamStart(Event ev) {
        openEnded = 0;
        if (!(ev instanceof StreamStart)) {
            throw new IllegalStateException("expected STREAM-START");
        }
        indent = -1;
        column = 0;
        whitespace = true;
        indention = true;
        state = State.FIRST_DOCUMENT_START;
    }

    private void documentStart(Event ev, boolean first) {
        if (ev instanceof DocStart ds) {
            boolean implicit = ds.implicit() && first;
            openEnded = 0;
            if (!implicit) {
                writeIndent();
                writeIndicator("---", true, false, false);
            }
            state = State.DOCUMENT_CONTENT;
            openEnded = 0;
        } else if (ev instanceof StreamEnd) {
            if (openEnded == 2) {
                writeIndicator("...", true, false, false);
                openEnded = 0;
                writeIndent();
            }
            state = State.END;
        } else {
            throw new IllegalStateException("expected DOCUMENT-START or STREAM-END");
        }
    }

    private void documentEnd(Event ev) {
        if (!(ev instanceof DocEnd de)) {
            throw new IllegalStateException("expected DOCUMENT-END");
        }
        writeIndent();
        if (!de.implicit()) {
            writeIndicator("...", true, false, false);
            openEnded = 0;
            writeIndent();
        } else if (openEnded == 0) {
            openEnded = 1;
        }
        state = State.DOCUMENT_START;
    }

    private void flowSequenceItem(Event ev, boolean first) {
        if (first) {
            writeIndicator("[", true, true, false);
            increaseIndent(true, false);
            flowLevel++;
        }
        if (ev instanceof SeqEnd) {
            flowLevel--;
            indent = indents.pop();
            writeIndicator("]", false, false, false);
            state = states.pop();
            return;
        }
        if (!first) {
            writeIndicator(",", false, false, false);
        }
        if (column > bestWidth) {
            writeIndent();
        }
        states.push(State.FLOW_SEQUENCE_ITEM);
        node(ev, false, true, false, false);
    }

    private void flowMappingKey(Event ev, boolean first) {
        if (first) {
            writeIndicator("{", true, true, false);
            increaseIndent(true, false);
            flowLevel++;
        }
        if (ev instanceof MapEnd) {
            flowLevel--;
            indent = indents.pop();
            writeIndicator("}", false, false, false);
            state = states.pop();
            return;
        }
        if (!first) {
            writeIndicator(",", false, false, false);
        }
        if (column > bestWidth) {
            writeIndent();
        }
        if (checkSimpleKey()) {
            states.push(State.FLOW_MAPPING_SIMPLE_VALUE);
            node(ev, false, false, true, true);
        } else {
            writeIndicator("?", true, false, false);
            states.push(State.FLOW_MAPPING_VALUE);
            node(ev, false, false, true, false);
        }
    }

    private void flowMappingValue(Event ev, boolean simple) {
        if (simple) {
            writeIndicator(":", false, false, false);
        } else {
            if (column > bestWidth) {
                writeIndent();
            }
            writeIndicator(":", true, false, false);
        }
        states.push(State.FLOW_MAPPING_KEY);
        node(ev, false, false, true, false);
    }

    private void blockSequenceItem(Event ev, boolean first) {
        if (first) {
            increaseIndent(false, mappingContext && !indention);
        }
        if (ev instanceof SeqEnd) {
            indent = indents.pop();
            state = states.pop();
            return;
        }
        writeIndent();
        writeIndicator("-", true, false, true);
        states.push(State.BLOCK_SEQUENCE_ITEM);
        node(ev, false, true, false, false);
    }

    private void blockMappingKey(Event ev, boolean first) {
        if (first) {
            increaseIndent(false, false);
        }
        if (ev instanceof MapEnd) {
            indent = indents.pop();
            state = states.pop();
            return;
        }
        writeIndent();
        if (checkSimpleKey()) {
            states.push(State.BLOCK_MAPPING_SIMPLE_VALUE);
            node(ev, false, false, true, true);
        } else {
            writeIndicator("?", true, false, true);
            states.push(State.BLOCK_MAPPING_VALUE);
            node(ev, false, false, true, false);
        }
    }

    private void blockMappingValue(Event ev, boolean simple) {
        if (simple) {
            writeIndicator(":", false, false, false);
        } else {
            writeIndent();
            writeIndicator(":", true, false, true);
        }
        states.push(State.BLOCK_MAPPING_KEY);
        node(ev, false, false, true, false);
    }

    private void node(Event ev, boolean root, boolean sequence, boolean mapping, boolean simpleKey) {
        mappingContext = mapping;
        simpleKeyContext = simpleKey;
        if (ev instanceof Alias) {
            processAnchor();
            if (simpleKeyContext) {
                put(' ');
            }
            state = states.pop();
        } else if (ev instanceof Scalar s) {
            selectScalarStyle(s);
            processAnchor();
            processTag();
            increaseIndent(true, false);
            processScalar();
            indent = indents.pop();
            state = states.pop();
        } else if (ev instanceof SeqStart s) {
            processAnchor();
            processTag();
            state = flowLevel > 0 || s.flow() || checkEmptySequence() ? State.FLOW_SEQUENCE_FIRST_ITEM : State.BLOCK_SEQUENCE_FIRST_ITEM;
        } else if (ev instanceof MapStart m) {
            processAnchor();
            processTag();
            state = flowLevel > 0 || m.flow() || checkEmptyMapping() ? State.FLOW_MAPPING_FIRST_KEY : State.BLOCK_MAPPING_FIRST_KEY;
        } else {
            throw new IllegalStateException("expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS");
        }
    }

    private boolean checkEmptySequence() {
        return peek(0) instanceof SeqStart && peek(1) instanceof SeqEnd;
    }

    private boolean checkEmptyMapping() {
        return peek(0) instanceof MapStart && peek(1) instanceof MapEnd;
    }

    private int anchorLength() {
        return anchor == null ? 0 : anchor.length();
    }

    private int tagLength() {
        return (tagHandle == null ? 0 : utf8(tagHandle)) + (tagSuffix == null ? 0 : utf8(tagSuffix));
    }

    private boolean checkSimpleKey() {
        Event ev = peek(0);
        int length;
        if (ev instanceof Alias) {
            length = anchorLength();
        } else if (ev instanceof Scalar) {
            if (multiline) {
                return false;
            }
            length = anchorLength() + tagLength() + scalarBytes;
        } else if (ev instanceof SeqStart) {
            if (!checkEmptySequence()) {
                return false;
            }
            length = anchorLength() + tagLength();
        } else if (ev instanceof MapStart) {
            if (!checkEmptyMapping()) {
                return false;
            }
            length = anchorLength() + tagLength();
        } else {
            return false;
        }
        return length <= 128;
    }

    private void selectScalarStyle(Scalar ev) {
        Style style = ev.style() == null ? Style.PLAIN : ev.style();
        boolean noTag = tagHandle == null && tagSuffix == null;
        if (noTag && !ev.plainImplicit() && !ev.quotedImplicit()) {
            throw new IllegalStateException("neither tag nor implicit flags are specified");
        }
        if (simpleKeyContext && multiline) {
            style = Style.DOUBLE;
        }
        if (style == Style.PLAIN) {
            if ((flowLevel > 0 && !flowPlainAllowed) || (flowLevel == 0 && !blockPlainAllowed)) {
                style = Style.SINGLE;
            }
            if (scalarBytes == 0 && (flowLevel > 0 || simpleKeyContext)) {
                style = Style.SINGLE;
            }
            if (noTag && !ev.plainImplicit()) {
                style = Style.SINGLE;
            }
        }
        if (style == Style.SINGLE && !singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        if (noTag && !ev.quotedImplicit() && style != Style.PLAIN) {
            tagHandle = "!";
        }
        scalarStyle = style;
    }

    private void processAnchor() {
        if (anchor == null) {
            return;
        }
        writeIndicator(anchorAlias ? "*" : "&", true, false, false);
        writeRaw(anchor);
        whitespace = false;
        indention = false;
    }

    private void processTag() {
        if (tagHandle == null && tagSuffix == null) {
            return;
        }
        if (tagHandle != null) {
            if (!whitespace) {
                put(' ');
            }
            writeRaw(tagHandle);
            whitespace = false;
            indention = false;
            if (tagSuffix != null) {
                writeTagContent(tagSuffix, false);
            }
        } else {
            writeIndicator("!<", true, false, false);
            writeTagContent(tagSuffix, false);
            writeIndicator(">", false, false, false);
        }
    }

    private void processScalar() {
        switch (scalarStyle) {
            case PLAIN -> writePlain(scalarValue, !simpleKeyContext);
            case SINGLE -> writeSingleQuoted(scalarValue, !simpleKeyContext);
            case DOUBLE -> writeDoubleQuoted(scalarValue, !simpleKeyContext);
        }
    }

    private void analyzeEvent(Event ev) {
        anchor = null;
        anchorAlias = false;
        tagHandle = null;
        tagSuffix = null;
        scalarValue = null;
        scalarBytes = 0;
        if (ev instanceof Alias a) {
            anchor = a.anchor();
            anchorAlias = true;
        } else if (ev instanceof Scalar s) {
            anchor = s.anchor();
            if (s.tag() != null && !s.plainImplicit() && !s.quotedImplicit()) {
                analyzeTag(s.tag());
            }
            analyzeScalar(s.value());
        } else if (ev instanceof SeqStart s) {
            anchor = s.anchor();
            if (s.tag() != null && !s.implicit()) {
                analyzeTag(s.tag());
            }
        } else if (ev instanceof MapStart m) {
            anchor = m.anchor();
            if (m.tag() != null && !m.implicit()) {
                analyzeTag(m.tag());
            }
        }
    }

    private void analyzeTag(String tag) {
        // the default directives, in libyaml's order: "!" -> "!", "!!" -> "tag:yaml.org,2002:"
        String[][] directives = {{"!", "!"}, {"!!", "tag:yaml.org,2002:"}};
        for (String[] d : directives) {
            if (d[1].length() < tag.length() && tag.startsWith(d[1])) {
                tagHandle = d[0];
                tagSuffix = tag.substring(d[1].length());
                return;
            }
        }
        tagSuffix = tag;
    }

    // ---- character classes (libyaml's macros, on code points) ----------------------------------------------

    static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    private static boolean isBlankz(int c) {
        return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private void analyzeScalar(String value) {
        scalarValue = value;
        scalarBytes = utf8(value);
        if (value.isEmpty()) {
            multiline = false;
            flowPlainAllowed = false;
            blockPlainAllowed = true;
            singleQuotedAllowed = true;
            return;
        }
        int[] cps = value.codePoints().toArray();
        int n = cps.length;
        boolean blockIndicators = false;
        boolean flowIndicators = false;
        boolean lineBreaks = false;
        boolean specialCharacters = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        if (value.startsWith("---") || value.startsWith("...")) {
            blockIndicators = true;
            flowIndicators = true;
        }
        boolean precededByWhitespace = true;
        boolean followedByWhitespace = isBlankz(n > 1 ? cps[1] : 0);
        for (int i = 0; i < n; i++) {
            int c = cps[i];
            if (i == 0) {
                if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
                if (c == '?' || c == ':') {
                    flowIndicators = true;
                    if (followedByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (c == '-' && followedByWhitespace) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
            } else {
                if (",?[]{}".indexOf(c) >= 0) {
                    flowIndicators = true;
                }
                if (c == ':') {
                    flowIndicators = true;
                    if (followedByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (c == '#' && precededByWhitespace) {
                    flowIndicators = true;
                    blockIndicators = true;
                }
            }
            if (!isPrintable(c) || (c >= 0x80 && !unicode)) {
                specialCharacters = true;
            }
            if (isBreak(c)) {
                lineBreaks = true;
            }
            if (c == ' ') {
                if (i == 0) {
                    leadingSpace = true;
                }
                if (i == n - 1) {
                    trailingSpace = true;
                }
                if (previousBreak) {
                    breakSpace = true;
                }
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                if (i == 0) {
                    leadingBreak = true;
                }
                if (i == n - 1) {
                    trailingBreak = true;
                }
                if (previousSpace) {
                    spaceBreak = true;
                }
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlankz(c);
            if (i + 1 < n) {
                followedByWhitespace = isBlankz(i + 2 < n ? cps[i + 2] : 0);
            }
        }
        multiline = lineBreaks;
        flowPlainAllowed = true;
        blockPlainAllowed = true;
        singleQuotedAllowed = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            flowPlainAllowed = false;
            blockPlainAllowed = false;
        }
        if (breakSpace) {
            flowPlainAllowed = false;
            blockPlainAllowed = false;
            singleQuotedAllowed = false;
        }
        if (spaceBreak || specialCharacters) {
            flowPlainAllowed = false;
            blockPlainAllowed = false;
            singleQuotedAllowed = false;
        }
        if (lineBreaks) {
            flowPlainAllowed = false;
            blockPlainAllowed = false;
        }
        if (flowIndicators) {
            flowPlainAllowed = false;
        }
        if (blockIndicators) {
            blockPlainAllowed = false;
        }
    }

    // ---- writers ------------------------------------------------------------------------------------------

    private void put(char c) {
        out.append(c);
        column++;
    }

    private void putBreak() {
        out.append('\n');
        column = 0;
    }

    /** WRITE: one character, one column. */
    private void write(int cp) {
        out.appendCodePoint(cp);
        column++;
    }

    /** WRITE_BREAK. */
    private void writeBreak(int cp) {
        if (cp == '\n') {
            putBreak();
        } else {
            out.appendCodePoint(cp);
            column = 0;
        }
    }

    private void writeRaw(String s) {
        s.codePoints().forEach(this::write);
    }

    private void writeIndent() {
        int ind = Math.max(indent, 0);
        if (!indention || column > ind || (column == ind && !whitespace)) {
            putBreak();
        }
        while (column < ind) {
            put(' ');
        }
        whitespace = true;
        indention = true;
    }

    private void writeIndicator(String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
        if (needWhitespace && !whitespace) {
            put(' ');
        }
        writeRaw(indicator);
        whitespace = isWhitespace;
        indention = indention && isIndention;
    }

    private void writeTagContent(String value, boolean needWhitespace) {
        if (needWhitespace && !whitespace) {
            put(' ');
        }
        for (int cp : value.codePoints().toArray()) {
            if (Character.isLetterOrDigit(cp) && cp < 0x80 || cp == '-' || ";/?:@&=+$,_.~*'()[]".indexOf(cp) >= 0) {
                write(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    put('%');
                    put(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
                    put(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
        }
        whitespace = false;
        indention = false;
    }

    private void writePlain(String value, boolean allowBreaks) {
        int[] cps = value.codePoints().toArray();
        boolean spaces = false;
        boolean breaks = false;
        if (!whitespace && (cps.length > 0 || flowLevel > 0)) {
            put(' ');
        }
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > bestWidth && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
                    writeIndent();
                } else {
                    write(c);
                }
                spaces = true;
            } else if (isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                write(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        whitespace = false;
        indention = false;
    }

    private void writeSingleQuoted(String value, boolean allowBreaks) {
        int[] cps = value.codePoints().toArray();
        boolean spaces = false;
        boolean breaks = false;
        writeIndicator("'", true, false, false);
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == ' ') {
                if (allowBreaks && !spaces && column > bestWidth && i != 0 && i != cps.length - 1
                        && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
                    writeIndent();
                } else {
                    write(c);
                }
                spaces = true;
            } else if (isBreak(c)) {
                if (!breaks && c == '\n') {
                    putBreak();
                }
                writeBreak(c);
                indention = true;
                breaks = true;
            } else {
                if (breaks) {
                    writeIndent();
                }
                if (c == '\'') {
                    put('\'');
                }
                write(c);
                indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if (breaks) {
            writeIndent();
        }
        writeIndicator("'", false, false, false);
        whitespace = false;
        indention = false;
    }

    private void writeDoubleQuoted(String value, boolean allowBreaks) {
        int[] cps = value.codePoints().toArray();
        boolean spaces = false;
        writeIndicator("\"", true, false, false);
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (!isPrintable(c) || (!unicode && c >= 0x80) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                put('\\');
                switch (c) {
                    case 0x00 -> put('0');
                    case 0x07 -> put('a');
                    case 0x08 -> put('b');
                    case 0x09 -> put('t');
                    case 0x0A -> put('n');
                    case 0x0B -> put('v');
                    case 0x0C -> put('f');
                    case 0x0D -> put('r');
                    case 0x1B -> put('e');
                    case 0x22 -> put('"');
                    case 0x5C -> put('\\');
                    case 0x85 -> put('N');
                    case 0xA0 -> put('_');
                    case 0x2028 -> put('L');
                    case 0x2029 -> put('P');
                    default -> {
                        int width;
                        if (c <= 0xFF) {
                            put('x');
                            width = 2;
                        } else if (c <= 0xFFFF) {
                            put('u');
                            width = 4;
                        } else {
                            put('U');
                            width = 8;
                        }
                        for (int k = (width - 1) * 4; k >= 0; k -= 4) {
                            int digit = (c >> k) & 0x0F;
                            put((char) (digit + (digit < 10 ? '0' : 'A' - 10)));
                        }
                    }
                }
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > bestWidth && i != 0 && i != cps.length - 1) {
                    writeIndent();
                    if (i + 1 < cps.length && cps[i + 1] == ' ') {
                        put('\\');
                    }
                } else {
                    write(c);
                }
                spaces = true;
            } else {
                write(c);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        whitespace = false;
        indention = false;
    }
}
