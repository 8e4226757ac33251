//! Reading a typed reply: text in, behaviour codes out, with confidence and evidence (being written).
