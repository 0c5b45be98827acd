print("genesys-export")
