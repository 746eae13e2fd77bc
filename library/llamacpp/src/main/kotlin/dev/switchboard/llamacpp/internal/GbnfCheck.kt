package dev.switchboard.llamacpp.internal

import dev.switchboard.BadRequestException

/**
 * Checks a GBNF grammar's syntax the way llama.cpp's grammar parser reads it (rules `name ::= alternatives`, literals,
 * character classes, groups, `.`, the repetitions `* + ? {m,n}`, `#` comments), that every rule it names is defined,
 * and that it has a `root` rule. The llama.cpp bundled with java-llama.cpp 4.1.0 logs a grammar it cannot parse and
 * then generates *without* it, which would hand back unconstrained text as if it were constrained; so a grammar is
 * checked here first and refused with a typed error saying where it is wrong.
 */
internal class GbnfCheck private constructor(private val src: String) {
    private var pos = 0
    private val defined = HashSet<String>()
    private val used = LinkedHashMap<String, Int>()

    private fun fail(why: String): Nothing {
        val line = src.substring(0, pos.coerceAtMost(src.length)).count { it == '\n' } + 1
        val near = src.substring(pos.coerceAtMost(src.length)).take(20).replace("\n", "\\n")
        throw BadRequestException("The GBNF grammar is invalid at line $line ('$near'): $why", LlamaCppNames.PROVIDER, 0)
    }

    private fun peek(): Char? = src.getOrNull(pos)

    private fun space(newlineOk: Boolean) {
        while (pos < src.length) {
            val c = src[pos]
            when {
                c == ' ' || c == '\t' -> pos++
                c == '#' -> while (pos < src.length && src[pos] != '\r' && src[pos] != '\n') pos++
                newlineOk && (c == '\r' || c == '\n') -> pos++
                else -> return
            }
        }
    }

    private fun isWord(c: Char?): Boolean = c != null && (c in 'a'..'z' || c in 'A'..'Z' || c in '0'..'9' || c == '-')

    private fun name(): String {
        val start = pos
        while (isWord(peek())) pos++
        if (pos == start) fail("expecting a rule name")
        return src.substring(start, pos)
    }

    private fun grammar() {
        space(true)
        while (pos < src.length) {
            val n = name()
            space(false)
            if (!src.startsWith("::=", pos)) fail("expecting ::= after the rule name '$n'")
            pos += 3
            space(true)
            alternates(nested = false)
            defined += n
            if (peek() == '\r') pos++
            if (peek() == '\n') pos++ else if (pos < src.length) fail("expecting the end of the rule '$n'")
            space(true)
        }
    }

    private fun alternates(nested: Boolean) {
        sequence(nested)
        while (peek() == '|') {
            pos++
            space(true)
            sequence(nested)
        }
    }

    private fun sequence(nested: Boolean) {
        var items = 0
        while (pos < src.length) {
            val c = src[pos]
            when {
                c == '"' -> { pos++; while (peek() != '"') { if (peek() == null) fail("unterminated literal"); char() }; pos++ }
                c == '[' -> {
                    pos++
                    if (peek() == '^') pos++
                    while (peek() != ']') {
                        if (peek() == null) fail("unterminated character class")
                        char()
                        if (peek() == '-' && src.getOrNull(pos + 1) != ']') { pos++; if (peek() == null) fail("unterminated character range"); char() }
                    }
                    pos++
                }
                isWord(c) -> { val at = pos; used.putIfAbsent(name(), at) }
                c == '(' -> {
                    pos++; space(true)
                    alternates(nested = true)
                    if (peek() != ')') fail("expecting ')'")
                    pos++
                }
                c == '.' -> pos++
                c == '*' || c == '+' || c == '?' -> { if (items == 0) fail("expecting something before '$c'"); pos++; items-- }
                c == '{' -> {
                    if (items == 0) fail("expecting something before '{'")
                    pos++; space(false); digits(); space(false)
                    if (peek() == ',') { pos++; space(false); if (peek()?.isDigit() == true) digits(); space(false) }
                    if (peek() != '}') fail("expecting '}' to close the repetition")
                    pos++; items--
                }
                else -> break
            }
            items++
            space(nested)
        }
    }

    private fun digits() {
        val start = pos
        while (peek()?.isDigit() == true) pos++
        if (pos == start) fail("expecting a number")
    }

    private fun char() {
        if (peek() != '\\') { pos++; return }
        pos++
        when (peek()) {
            'x' -> hex(2)
            'u' -> hex(4)
            'U' -> hex(8)
            't', 'r', 'n', '\\', '"', '[', ']' -> pos++
            else -> fail("unknown escape '\\${peek() ?: ""}'")
        }
    }

    private fun hex(n: Int) {
        pos++
        repeat(n) { if (peek()?.let { it.isDigit() || it.lowercaseChar() in 'a'..'f' } != true) fail("expecting $n hex digits"); pos++ }
    }

    companion object {
        /** Checks [grammar]; throws [BadRequestException] saying what is wrong and where. */
        fun check(grammar: String) {
            val c = GbnfCheck(grammar)
            c.grammar()
            for ((n, at) in c.used) if (n !in c.defined) { c.pos = at; c.fail("the rule '$n' is used but not defined") }
            if ("root" !in c.defined) throw BadRequestException("The GBNF grammar has no 'root' rule: llama.cpp starts from root", LlamaCppNames.PROVIDER, 0)
        }
    }
}
