module tcpfsm

go 1.22
