package dev.switchboard.llamacpp

import dev.switchboard.BadRequestException
import dev.switchboard.llamacpp.internal.GbnfCheck
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain

/** GBNF is checked before llama.cpp sees it, since the bundled llama.cpp drops a grammar it cannot parse. */
class GbnfCheckTest : FunSpec({
    test("grammars in llama.cpp's syntax pass: literals, classes, groups, repetitions, comments, multi-line rules") {
        GbnfCheck.check("root ::= \"yes\" | \"no\"")
        GbnfCheck.check(
            """
            # a comment
            root   ::= object
            object ::=
              "{" ws ( pair ("," ws pair)* )? "}" ws
            pair   ::= string ":" ws [0-9]{1,3} .? [^"\\\x00-\x1F] "\u00e9\n"
            string ::= "\"" ( [^"\\] | "\\" ["\\/bfnrt] )* "\"" ws
            ws     ::= [ \t\n]*
            """.trimIndent(),
        )
    }

    test("syntax errors, undefined rules and a missing root are refused, saying where") {
        shouldThrow<BadRequestException> { GbnfCheck.check("root ::= (") }.message shouldContain "expecting ')'"
        shouldThrow<BadRequestException> { GbnfCheck.check("root ::= \"a") }.message shouldContain "unterminated literal"
        shouldThrow<BadRequestException> { GbnfCheck.check("root ::= a\na ::= b") }.message shouldContain "'b' is used but not defined"
        shouldThrow<BadRequestException> { GbnfCheck.check("start ::= \"a\"") }.message shouldContain "no 'root' rule"
        shouldThrow<BadRequestException> { GbnfCheck.check("root = \"a\"") }.message shouldContain "expecting ::="
        shouldThrow<BadRequestException> { GbnfCheck.check("root ::= * \"a\"") }.message shouldContain "before '*'"
        shouldThrow<BadRequestException> { GbnfCheck.check("root ::= \"a\"{2") }.message shouldContain "line 1"
    }
})
