// A sibling adapter holds in the mappings below it, as in YAML (Knex's `client`).
module.exports = {
  reporting: {
    client: 'pg',
    connection: {
      host: '10.0.0.124',
      database: 'app',
    },
  },
  sessions: {
    client: 'mysql',
    connection: {
      host: '10.0.0.121',
    },
  },
};
