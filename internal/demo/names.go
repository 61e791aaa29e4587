package demo

import (
	"math/rand/v2"
	"strings"
)

// culture is a naming tradition with the language its people often speak.
// Metros mix cultures in their own proportions, so names match the places:
// Somali names in Minneapolis, Québécois ones in Montreal, Turkish ones in
// Berlin.
type culture struct {
	lang   string // ISO 639-1
	female []string
	male   []string
	// last holds surnames; "Kowalski|Kowalska" gives the form women use
	// where the language marks it.
	last []string
}

func words(s string) []string { return strings.Split(s, ", ") }

var cultures = map[string]culture{
	"en": {"en",
		words("Emily, Sarah, Jessica, Hannah, Megan, Olivia, Rachel, Lauren, Amy, Claire, Katie, Rebecca, Sophie, Grace, Charlotte, Abigail, Emma, Lucy, Jennifer, Amanda, Natalie, Victoria, Kate, Alice, Holly, Molly, Chloe, Ella, Ashley, Brittany, Kelly, Heather, Allison, Caroline, Madeline, Erin, Julia, Leah, Bethany, Harriet"),
		words("James, Michael, David, Daniel, Matthew, Ryan, Andrew, Chris, Thomas, Ben, Sam, Jack, Nathan, Luke, Oliver, Patrick, William, Joseph, Kevin, Brian, Tyler, Jacob, Adam, Eric, Jonathan, Aaron, Tom, Harry, George, Owen"),
		words("Smith, Johnson, Brown, Taylor, Miller, Wilson, Davis, Anderson, Clark, Walker, Hughes, Wright, Murphy, Bennett, Carter, Reed, Collins, Turner, Evans, Price, O'Connor, Sullivan, Thompson, White, Martin, Hall, Allen, Young, King, Scott, Green, Baker, Adams, Nelson, Hill, Campbell, Mitchell, Roberts, Phillips, Parker, Edwards, Stewart, Morris, Rogers, Cook, Morgan, Bell, Cooper, Richardson, Cox, Ward, Peterson, Gray, Watson, Brooks, Kelly, Sanders, Bailey, Fisher, Fletcher")},
	// Names common among Black Americans.
	"black": {"en",
		words("Aaliyah, Jasmine, Imani, Keisha, Tiana, Ebony, Nia, Danielle, Kiara, Monique, Latoya, Brianna, Destiny, Alicia, Tamika, Kendra, Shanice, Janelle"),
		words("Marcus, Andre, Darnell, Jamal, Terrence, DeShawn, Malik, Isaiah, Xavier, Cedric, Darius, Tyrone, Jerome, Reginald, Corey, Lamar, Devin, Quentin"),
		words("Washington, Jackson, Robinson, Harris, Williams, Jefferson, Banks, Coleman, Brooks, Dixon, Freeman, Gaines, Mack, Hayes, Owens, Simmons, Bryant, Wallace, Jenkins, Franklin, Pierce, Sims")},
	"es": {"es",
		words("María, Lucía, Sofía, Valentina, Camila, Ana, Isabel, Gabriela, Daniela, Carmen, Paola, Adriana, Mariana, Laura, Verónica, Andrea, Natalia, Claudia, Elena, Patricia, Rosa, Alejandra, Marisol, Yesenia"),
		words("José, Carlos, Luis, Javier, Miguel, Alejandro, Diego, Andrés, Juan, Ricardo, Mateo, Fernando, Jorge, Eduardo, Manuel, Sergio, Pablo, Antonio, Raúl, Héctor, Óscar, Emilio"),
		words("García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez, Torres, Flores, Rivera, Gómez, Díaz, Morales, Castillo, Vargas, Ortiz, Reyes, Cruz, Ramos, Ruiz, Mendoza, Álvarez, Jiménez, Moreno, Romero, Herrera, Medina, Aguilar, Guerrero, Castro, Núñez, Delgado, Soto")},
	"zh": {"zh",
		words("Mei, Li Na, Xiaoling, Yan, Jing, Hui, Wen, Ying, Fang, Xin"),
		words("Wei, Jun, Hao, Lei, Ming, Jian, Tao, Yong, Kai, Bo"),
		words("Chen, Wang, Li, Zhang, Liu, Huang, Lin, Wu, Zhou, Xu, Lam, Wong, Chan, Ng")},
	"ko": {"ko",
		words("Ji-woo, Min-ji, Seo-yeon, Eun-ji, Hye-jin, Soo-ah, Ha-eun, Yuna"),
		words("Min-jun, Ji-hoon, Hyun-woo, Seung-ho, Dong-hyun, Jae-won, Sung-min, Tae-yang"),
		words("Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Han, Shin")},
	// Vietnamese names as the diaspora usually writes them, without marks.
	"vi": {"vi",
		words("Linh, Thao, Ngoc, Huong, Mai, Trang, Lan, Anh, Phuong, Vy"),
		words("Minh, Tuan, Huy, Dung, Long, Khoa, Nam, Bao, Quang, Thanh"),
		words("Nguyen, Tran, Le, Pham, Hoang, Huynh, Vo, Dang, Bui, Do")},
	"tl": {"tl",
		words("Maricel, Jocelyn, Rowena, Liza, Kristine, Angelica, Mary Grace, Joy, Divina, Marites"),
		words("Rodel, Jomar, Rommel, Mark Anthony, Jerome, Arnel, Ramon, Danilo, Paolo, Romeo"),
		words("Santos, Reyes, Cruz, Bautista, Ocampo, Mendoza, Aquino, Dela Cruz, Villanueva, Ramos, Castro, Pascual")},
	"hi": {"hi",
		words("Priya, Ananya, Neha, Kavya, Pooja, Divya, Sunita, Meera, Anjali, Shreya"),
		words("Arjun, Rahul, Vikram, Rohan, Sanjay, Amit, Karan, Nikhil, Aditya, Varun"),
		words("Patel, Sharma, Gupta, Kumar, Shah, Reddy, Mehta, Iyer, Chopra, Desai, Joshi, Nair")},
	"pa": {"pa",
		words("Harpreet, Simran, Gurpreet, Manpreet, Jaspreet, Navneet, Amrit, Kiranjit"),
		words("Harjit, Gurdeep, Manjit, Jaswinder, Amandeep, Rajveer, Sukhdev, Balraj"),
		words("Singh|Kaur, Gill, Sandhu, Dhillon, Sidhu, Grewal, Brar, Sahota, Bains")},
	"ru": {"ru",
		words("Anna, Olga, Natalia, Elena, Irina, Svetlana, Yulia, Tatiana, Ekaterina, Daria"),
		words("Alexei, Dmitri, Sergei, Ivan, Mikhail, Andrei, Pavel, Nikolai, Artem, Igor"),
		words("Ivanov|Ivanova, Petrov|Petrova, Smirnov|Smirnova, Volkov|Volkova, Kuznetsov|Kuznetsova, Sokolov|Sokolova, Morozov|Morozova, Orlov|Orlova, Lebedev|Lebedeva, Kozlov|Kozlova")},
	"pl": {"pl",
		words("Agnieszka, Katarzyna, Magdalena, Joanna, Monika, Anna, Karolina, Ewa, Aleksandra, Natalia"),
		words("Piotr, Tomasz, Krzysztof, Marcin, Paweł, Michał, Jakub, Łukasz, Kamil, Wojciech"),
		words("Nowak, Kowalski|Kowalska, Wiśniewski|Wiśniewska, Wójcik, Kamiński|Kamińska, Lewandowski|Lewandowska, Zieliński|Zielińska, Szymański|Szymańska, Woźniak, Dąbrowski|Dąbrowska, Mazur, Krawczyk")},
	"it": {"it",
		words("Giulia, Francesca, Chiara, Elena, Sara, Alessia, Martina, Valentina, Federica, Silvia"),
		words("Marco, Luca, Giuseppe, Alessandro, Matteo, Andrea, Davide, Stefano, Lorenzo, Paolo"),
		words("Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Conti, De Luca")},
	"pt": {"pt",
		words("Ana, Beatriz, Mariana, Juliana, Fernanda, Larissa, Inês, Carolina, Gabriela, Renata"),
		words("João, Pedro, Rafael, Lucas, Tiago, Gustavo, Rodrigo, Bruno, Felipe, Diogo"),
		words("Silva, Santos, Oliveira, Souza, Pereira, Costa, Ferreira, Almeida, Carvalho, Rodrigues, Gomes, Martins")},
	"fr": {"fr",
		words("Camille, Léa, Chloé, Manon, Julie, Émilie, Sophie, Inès, Claire, Marion, Élodie, Pauline, Sarah, Laura, Mathilde, Charlotte, Lucie, Anaïs, Océane, Juliette, Margaux, Céline, Aurélie, Hélène"),
		words("Julien, Thomas, Nicolas, Maxime, Antoine, Hugo, Mathieu, Guillaume, Louis, Alexandre, Romain, Théo, Lucas, Pierre, Benjamin, Clément, Vincent, Adrien, Quentin, Florian, Arthur, Baptiste"),
		words("Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, Lefebvre, Michel, Garnier, Fontaine, Rousseau, Girard, Bonnet, Dupont, Lambert, Fournier, Mercier, Blanc, Guérin, Boyer, Chevalier, François, Legrand, Gauthier, Perrin, Morel, Roussel, Faure, André, Mathieu, Clément, Lemaire, Dufour, Vincent")},
	// Québécois names.
	"qc": {"fr",
		words("Marie-Ève, Geneviève, Catherine, Isabelle, Mélanie, Valérie, Audrey, Josée, Émilie, Andréanne, Karine, Stéphanie, Julie, Chantal, Nathalie, Sophie, Myriam, Roxanne, Maude, Annie"),
		words("Jean-François, Marc-André, Simon, Mathieu, Étienne, Sébastien, Olivier, François, Maxime, Louis-Philippe, Jonathan, Guillaume, Frédéric, Patrick, Martin, Alexandre, Benoît, Éric"),
		words("Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Morin, Lavoie, Fortin, Gagné, Pelletier, Bélanger, Lévesque, Bergeron, Leblanc, Paquette, Girard, Simard, Boucher, Caron, Beaulieu, Cloutier, Dubé, Poirier, Fournier, Lapointe, Leclerc, Lefebvre, Poulin, Thibault")},
	"de": {"de",
		words("Anna, Lena, Julia, Katharina, Laura, Lisa, Sarah, Johanna, Miriam, Sophie, Franziska, Anja, Hannah, Leonie, Marie, Clara, Carolin, Jana, Nina, Sabine, Claudia, Stefanie, Kerstin, Theresa"),
		words("Lukas, Jonas, Felix, Maximilian, Tobias, Florian, Jan, Stefan, Sebastian, Moritz, Philipp, Matthias, Niklas, Daniel, Alexander, Christian, Thomas, Michael, Andreas, Markus, Benedikt, Simon"),
		words("Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Koch, Richter, Klein, Wolf, Schröder, Neumann, Braun, Zimmermann, Huber, Bauer, Maier, Gruber, Krüger, Hartmann, Lange, Werner, Krause, Lehmann, Schmitt, Köhler, Keller, Vogel, Frank, Berger, Winkler, Lorenz, Brandt, Seidel, Hahn, Sommer")},
	"tr": {"tr",
		words("Ayşe, Elif, Zeynep, Fatma, Emine, Merve, Derya, Selin, Esra, Büşra"),
		words("Mehmet, Mustafa, Ahmet, Emre, Can, Murat, Serkan, Burak, Deniz, Kemal"),
		words("Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan")},
	"ar": {"ar",
		words("Fatima, Leila, Yasmin, Nour, Samira, Amira, Rania, Salma, Hanane, Meriem"),
		words("Mohamed, Karim, Youssef, Omar, Rachid, Mehdi, Samir, Nabil, Tarek, Hamza"),
		words("Benali, El Amrani, Haddad, Mansour, Bouzid, Khalil, Saleh, Nasser, Chaoui, Belkacem, Haddadi, Ziani")},
	"ja": {"ja",
		words("Yuki, Aiko, Haruka, Sakura, Emi, Naomi, Keiko, Mariko, Ayumi, Rina"),
		words("Kenji, Hiroshi, Takeshi, Daisuke, Kenta, Ryo, Shota, Yuto, Makoto, Satoshi"),
		words("Tanaka, Suzuki, Takahashi, Watanabe, Sato, Ito, Yamamoto, Nakamura, Kobayashi, Kato")},
	"th": {"th",
		words("Siriporn, Nattaya, Pranee, Malee, Kanya, Suda, Ratana, Ploy, Wanida, Pim"),
		words("Somchai, Anan, Niran, Prasert, Kittisak, Chaiya, Wichai, Sombat, Thanakorn, Nattapong"),
		words("Saetang, Srisuk, Chaiyaporn, Wongsawat, Boonmee, Sukhum, Thongchai, Rattanakorn, Kaewmanee, Phromma")},
	"so": {"so",
		words("Hodan, Fadumo, Sahra, Amina, Hibaaq, Ifrah, Nimco, Ubah, Khadra, Ayan"),
		words("Abdi, Mohamed, Ahmed, Abdirahman, Hassan, Liban, Farah, Yusuf, Mahad, Bashir"),
		words("Hassan, Ali, Mohamed, Warsame, Farah, Abdi, Jama, Osman, Hussein, Omar, Aden, Yusuf")},
	"ht": {"ht",
		words("Marie, Nadège, Roseline, Guerline, Mirlande, Fabienne, Judith, Wideline"),
		words("Jean, Pierre, Frantz, Widlin, Jacques, Reginald, Wesner, Ricardo"),
		words("Jean-Baptiste, Pierre, Joseph, Charles, Louis, Dorsainvil, Saint-Fleur, Toussaint, Désir, Exantus")},
}

// langNames are the words a bio uses for a language.
var langNames = map[string]string{
	"en": "English", "es": "Spanish", "fr": "French", "de": "German", "zh": "Mandarin",
	"ko": "Korean", "vi": "Vietnamese", "tl": "Tagalog", "hi": "Hindi", "pa": "Punjabi",
	"ru": "Russian", "pl": "Polish", "it": "Italian", "pt": "Portuguese", "tr": "Turkish",
	"ar": "Arabic", "ja": "Japanese", "th": "Thai", "so": "Somali", "ht": "Haitian Creole",
}

// person is a generated name.
type person struct {
	first, last string
	culture     string
	feminine    bool // which form of the name was drawn
}

func (p person) name() string { return p.first + " " + p.last }

// drawPerson picks a name from a culture; feminine chooses the first-name
// list and the surname form.
func drawPerson(r *rand.Rand, key string, feminine bool) person {
	c := cultures[key]
	firsts := c.male
	if feminine {
		firsts = c.female
	}
	last := pick(r, c.last)
	if m, f, ok := strings.Cut(last, "|"); ok {
		last = m
		if feminine {
			last = f
		}
	}
	return person{first: pick(r, firsts), last: last, culture: key, feminine: feminine}
}

// fold spells a letter the way a URL slug does.
var fold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ą", "a",
	"æ", "ae", "ç", "c", "ć", "c", "č", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ę", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ı", "i",
	"ñ", "n", "ń", "n", "ò", "o", "ó", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y",
	"'", "", "’", "",
	"ß", "ss", "ł", "l", "ś", "s", "ş", "s", "š", "s", "ź", "z", "ż", "z", "ž", "z", "ğ", "g",
)

// slugify turns a name into lower-case ASCII words joined by hyphens.
func slugify(s string) string {
	s = fold.Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
