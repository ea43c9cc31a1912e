// Package d1 stores the portal's records in Cloudflare D1, the Worker's
// SQLite database. The code speaks database/sql, so the Worker hands it the
// D1 binding through github.com/syumai/workers' driver; the schema lives in
// functions/migrations and is applied with wrangler.
package d1

import (
	"context"
	"database/sql"
)

// Store is the portal's database.
type Store struct {
	db *sql.DB
}

// New returns a store on an open database.
func New(db *sql.DB) *Store { return &Store{db: db} }

// Ping runs a trivial query, proving the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}
