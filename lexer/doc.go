// Package lexer turns CPrime source into tokens for the participle parser.
//
// It implements participle's lexer.Definition by hand rather than with the
// regex-based stateful lexer, because three things in CPrime's lexical
// grammar are context-dependent and cannot be expressed as regular rules:
//
//   - nestable block comments (/* /* */ */);
//   - string interpolation ("a $b ${expr}") with arbitrary nesting of
//     strings and braces inside ${...};
//   - two disambiguations that a context-free grammar cannot make on its
//     own, done here as a token rewrite so the grammar stays declarative:
//     the `{` that opens the body of `if`, `while`, `for` and `match` is
//     emitted as a BodyBrace token (so `if ready { .. }` is never read as a
//     trailing-block call or struct literal), and a `,` that continues a
//     capability list after `with` (`c with UserOps, AuditOps`) is emitted
//     as a CapComma token.
//
// After a `.` an integer is always lexed as an Int, so `t.0.1` indexes a
// tuple twice instead of reading the float `0.1`.
package lexer
