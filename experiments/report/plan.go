package report

import "errors"

type board struct{}
type risk struct{}
type leftOut struct{}

func planPage(dir string) (*page, error) { return nil, errors.New("todo") }
