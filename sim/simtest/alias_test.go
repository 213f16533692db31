package simtest_test

import "math/rand/v2"

type randSource = rand.Source
