// Package d1 stores the portal's records in Cloudflare D1, the Worker's
// SQLite database. The schema lives in functions/migrations and is applied
// with wrangler.
//
// The store speaks to the database through DB, which has two
// implementations: Binding, the D1 binding of a running Worker, and SQL, any
// database/sql SQLite database, which the tests use with the same migrations.
// D1 has no interactive transactions; what must change together is sent as
// one batch, which D1 runs atomically.
package d1

import (
	"context"
	"fmt"
)

// Statement is one SQL statement and its arguments. Arguments are nil,
// string, int64, int, float64, bool or []byte.
type Statement struct {
	SQL  string
	Args []any
}

// Stmt is a shorthand for a Statement.
func Stmt(sql string, args ...any) Statement { return Statement{SQL: sql, Args: args} }

// Result is what a statement of a batch changed.
type Result struct {
	Changes   int64 // rows inserted, updated or deleted
	LastRowID int64
}

// Rows are the rows a query returned. Values are nil, int64, float64,
// string or []byte, as SQLite stores them.
type Rows struct {
	Columns []string
	Values  [][]any
}

// DB is what the store needs of a SQLite database.
type DB interface {
	// Batch runs the statements in order, in one transaction: all of them
	// take effect or none does.
	Batch(ctx context.Context, stmts ...Statement) ([]Result, error)
	// Query runs one statement and returns its rows.
	Query(ctx context.Context, st Statement) (Rows, error)
}

// row gives typed access to one row of Rows by column name, so that a
// query's column order can change without breaking its reader.
type row struct {
	cols map[string]int
	vals []any
	err  error
}

func (r Rows) each(fn func(row) error) error {
	cols := make(map[string]int, len(r.Columns))
	for i, c := range r.Columns {
		cols[c] = i
	}
	for _, v := range r.Values {
		rw := row{cols: cols, vals: v}
		if err := fn(rw); err != nil {
			return err
		}
	}
	return nil
}

func (r *row) value(col string) any {
	i, ok := r.cols[col]
	if !ok {
		if r.err == nil {
			r.err = fmt.Errorf("d1: no column %q", col)
		}
		return nil
	}
	return r.vals[i]
}

func (r *row) str(col string) string {
	switch v := r.value(col).(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

func (r *row) int(col string) int64 {
	switch v := r.value(col).(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	}
	return 0
}

func (r *row) bytes(col string) []byte {
	switch v := r.value(col).(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return nil
}
