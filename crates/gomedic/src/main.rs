mod commands;

fn main() {}
