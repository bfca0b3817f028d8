module vending

go 1.22
