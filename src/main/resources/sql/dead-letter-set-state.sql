UPDATE dead_letter SET state = :#state, last_seen = CURRENT_TIMESTAMP WHERE id = :#id
