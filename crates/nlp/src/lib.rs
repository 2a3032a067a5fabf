//! Tokenizer, sentence splitter, tagger, lemmatizer and dependency parser.
