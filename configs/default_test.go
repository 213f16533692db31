package configs_test
import ("testing";"github.com/unconf/unconf/configs")
func TestDefault(t *testing.T){ c,err:=configs.Default(); if err!=nil{t.Fatal(err)}; t.Logf("%+v", c.Run) }
