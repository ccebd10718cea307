package dev.kanal.connector.subiekt;

/**
 * The buyer of an {@link ErpOrder}, in the gateway's terms: a private person (first and last
 * name) or a company (company name and tax id, {@code isCompany}). Any field may be null.
 */
public record ErpCustomer(String firstName, String lastName, String companyName, String taxId, boolean isCompany,
        String email, String phone, String address, String addressNo, String postCode, String city) {

    public static ErpCustomer person(String firstName, String lastName, String email, String phone, String address,
            String addressNo, String postCode, String city) {
        return new ErpCustomer(firstName, lastName, null, null, false, email, phone, address, addressNo, postCode, city);
    }

    public static ErpCustomer company(String companyName, String taxId, String email, String phone, String address,
            String addressNo, String postCode, String city) {
        return new ErpCustomer(null, null, companyName, taxId, true, email, phone, address, addressNo, postCode, city);
    }
}
