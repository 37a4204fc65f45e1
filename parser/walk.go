package parser

import (
	"reflect"
)

var posType = reflect.TypeOf(Pos{})

// Walk visits every AST node below n (the structs reached through
// pointers, slices and interfaces), calling visit on each; visit returns
// false to skip a node's children.
func Walk(n any, visit func(any) bool) {
	walkValue(reflect.ValueOf(n), visit)
}

func walkValue(v reflect.Value, visit func(any) bool) {
	switch v.Kind() {
	case reflect.Ptr, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Ptr && v.Elem().Kind() == reflect.Struct {
			if !visit(v.Interface()) {
				return
			}
		}
		walkValue(v.Elem(), visit)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Ptr, reflect.Interface, reflect.Slice, reflect.Struct:
				if f.Type() == posType {
					continue
				}
				walkValue(f, visit)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), visit)
		}
	}
}

// checkSemicolons reports an expression statement that is neither
// block-like nor followed by `;` but is not the last statement of its
// block: two expressions in a row.
func checkSemicolons(f *File) error {
	var first error
	check := func(stmts []Stmt) {
		for i, s := range stmts {
			es, ok := s.(*ExprStmt)
			if !ok || es.Semi() || es.BlockLike != nil || i == len(stmts)-1 || blockLikeExpr(es.Expr) {
				continue
			}
			if first == nil {
				next := stmtPos(stmts[i+1])
				first = &Error{Pos: next, Msg: "expected `;` after the previous expression"}
			}
		}
	}
	check(f.Stmts)
	Walk(f, func(n any) bool {
		switch n := n.(type) {
		case *Block:
			check(n.Stmts)
		case *Body:
			check(n.Stmts)
		}
		return first == nil
	})
	return first
}

func stmtPos(s Stmt) Pos {
	switch s := s.(type) {
	case *Item:
		return s.Pos
	case *LetStmt:
		return s.Pos
	case *DeferStmt:
		return s.Pos
	case *EmptyStmt:
		return s.Pos
	case *ExprStmt:
		return s.Pos
	}
	return Pos{}
}

// blockLikeExpr reports an expression that is a bare block-like construct.
func blockLikeExpr(e *Expr) bool {
	if e == nil || e.Op != "" || len(e.Left.Tail) > 0 {
		return false
	}
	u := e.Left.Head
	if len(u.Prefix) > 0 || len(u.Casts) > 0 || len(u.Value.Suffixes) > 0 {
		return false
	}
	_, ok := u.Value.Primary.(BlockLike)
	return ok
}
