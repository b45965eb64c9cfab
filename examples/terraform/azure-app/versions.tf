terraform {
  required_version = ">= 1.5.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }

  # Filled in by Terrarium at init time (configure-backend / provision-env generate the
  # storage account, container and key; authentication comes from the environment).
  backend "azurerm" {}
}

provider "azurerm" {
  features {}
}
