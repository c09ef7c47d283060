/^(unknown/ REJECT
