package d1

import (
	"context"
	"database/sql"
)

// SQL is a database/sql SQLite database as a DB. The tests use it with an
// in-memory SQLite and the same migrations D1 runs, so the store's SQL is
// checked against a real SQLite.
type SQL struct {
	DB *sql.DB
}

// Batch runs the statements in one transaction.
func (s SQL) Batch(ctx context.Context, stmts ...Statement) ([]Result, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out := make([]Result, len(stmts))
	for i, st := range stmts {
		res, err := tx.ExecContext(ctx, st.SQL, st.Args...)
		if err != nil {
			return nil, err
		}
		out[i].Changes, _ = res.RowsAffected()
		out[i].LastRowID, _ = res.LastInsertId()
	}
	return out, tx.Commit()
}

// Query runs one statement and reads every row.
func (s SQL) Query(ctx context.Context, st Statement) (Rows, error) {
	rs, err := s.DB.QueryContext(ctx, st.SQL, st.Args...)
	if err != nil {
		return Rows{}, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return Rows{}, err
	}
	out := Rows{Columns: cols}
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return Rows{}, err
		}
		out.Values = append(out.Values, vals)
	}
	return out, rs.Err()
}
