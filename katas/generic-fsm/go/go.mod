module fsm

go 1.22
