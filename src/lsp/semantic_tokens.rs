//! The legend of the semantic tokens: which of the protocol's standard
//! token types and modifiers each kind of token is sent as. Standard names,
//! so that every theme already has a colour for them: a marker reads a note
//! as a variable is read, a label declares it, `Ibid.` is a fixed word of
//! the citation style, and a short form names a work.

use crate::analysis::ide::TokenKind;

use super::lsp;

/// The token types, in the order their indices are sent.
const TYPES: [lsp::SemanticTokenTypes; 3] = [
    lsp::SemanticTokenTypes::Variable,
    lsp::SemanticTokenTypes::Keyword,
    lsp::SemanticTokenTypes::String,
];

/// The modifiers, in the order of their bits.
const MODIFIERS: [lsp::SemanticTokenModifiers; 1] = [lsp::SemanticTokenModifiers::Declaration];

pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TYPES.iter().map(|t| String::from(t.clone())).collect(),
        token_modifiers: MODIFIERS.iter().map(|m| String::from(m.clone())).collect(),
    }
}

pub fn token_type(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Marker | TokenKind::NoteLabel => 0,
        TokenKind::Ibid => 1,
        TokenKind::ShortForm => 2,
    }
}

pub fn token_modifiers(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::NoteLabel => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_names_a_type_and_modifiers_of_the_legend() {
        let legend = legend();
        assert_eq!(legend.token_types, ["variable", "keyword", "string"]);
        assert_eq!(legend.token_modifiers, ["declaration"]);
        for kind in [
            TokenKind::Marker,
            TokenKind::NoteLabel,
            TokenKind::Ibid,
            TokenKind::ShortForm,
        ] {
            assert!((token_type(kind) as usize) < legend.token_types.len());
            assert!(token_modifiers(kind) < 1 << legend.token_modifiers.len());
        }
    }
}
