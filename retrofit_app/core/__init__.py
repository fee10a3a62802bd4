"""Qt-free core: domain types, storage, rules, photos, geo, reports, exchange."""
