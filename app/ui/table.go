package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// dataTable is a table that reads on a phone. Each cell carries its
// column's heading (data-label); below 40rem wide portal.css stacks every
// row as a block of "heading: value" lines, so nobody has to scroll a page
// sideways to read a row (issue 10: wide tables on phones). Wider screens
// get the ordinary table, in a box that scrolls on its own should it still
// be too wide, and that a keyboard can reach (tabindex) to scroll it: a
// group named by the caption, not a region (a landmark), since the
// section around it already is one by the same name.
type dataTable struct {
	Caption string     // names the table for screen readers
	Heads   []string   // column headings
	Lang    string     // language of the cells, when not the interface's
	Rows    [][]app.UI // each row's cells, one per heading
}

// UI renders the table.
func (t dataTable) UI() app.UI {
	rows := make([]app.UI, len(t.Rows))
	for i, cells := range t.Rows {
		tds := make([]app.UI, len(cells))
		for j, cell := range cells {
			tds[j] = app.Td().DataSet("label", t.Heads[j]).Body(cell)
		}
		rows[i] = app.Tr().Body(tds...)
	}
	heads := make([]app.UI, len(t.Heads))
	for i, h := range t.Heads {
		heads[i] = app.Th().Scope("col").Text(h)
	}
	body := app.TBody().Body(rows...)
	if t.Lang != "" {
		body = body.Lang(t.Lang)
	}
	return app.Div().Class("table-scroll").Role("group").Aria("label", t.Caption).TabIndex(0).Body(
		app.Table().Class("stack").Body(
			app.Caption().Class("visually-hidden").Text(t.Caption),
			app.THead().Body(app.Tr().Body(heads...)),
			body,
		),
	)
}
