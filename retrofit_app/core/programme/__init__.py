"""The programme's plan, money, elevators and long-term management per estate (issue 19)."""
